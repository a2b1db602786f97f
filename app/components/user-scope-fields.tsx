import { ROLE_LABELS, type RoleName } from "~/domain/users";
import { type FormField, Radios, Select, TextInput } from "./ui/fields";

export interface ScopeOptions {
  authorities: ReadonlyArray<{ code: string; name: string }>;
  groups: ReadonlyArray<{ slug: string; name: string }>;
}

interface Props extends ScopeOptions {
  fields: Record<"name" | "role" | "authorityCode" | "groupSlug", FormField>;
}

/** Name, role and the authority or group that scopes what the user can see; used by create and edit. */
export function UserScopeFields({ authorities, groups, fields }: Props) {
  return (
    <>
      <TextInput
        id="name"
        name={fields.name.name}
        key={fields.name.key}
        label="Full name"
        defaultValue={fields.name.defaultValue ?? ""}
        autoComplete="off"
        errors={fields.name.errors}
      />
      <Radios
        name={fields.role.name}
        key={fields.role.key}
        legend="Role"
        defaultValue={fields.role.defaultValue}
        errors={fields.role.errors}
        items={(Object.keys(ROLE_LABELS) as RoleName[]).map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
      />
      <Select
        id="authorityCode"
        name={fields.authorityCode.name}
        key={fields.authorityCode.key}
        label="Authority (members only)"
        defaultValue={fields.authorityCode.defaultValue ?? ""}
        errors={fields.authorityCode.errors}
        options={[{ value: "", label: "Not a member of an authority" }, ...authorities.map((a) => ({ value: a.code, label: a.name }))]}
      />
      <Select
        id="groupSlug"
        name={fields.groupSlug.name}
        key={fields.groupSlug.key}
        label="Group (regional viewers only)"
        defaultValue={fields.groupSlug.defaultValue ?? ""}
        errors={fields.groupSlug.errors}
        options={[{ value: "", label: "Not a regional viewer" }, ...groups.map((g) => ({ value: g.slug, label: g.name }))]}
      />
    </>
  );
}
