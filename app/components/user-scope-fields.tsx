import { ROLE_LABELS, type RoleName } from "~/domain/users";
import { fieldProps, type FormField, Radios, Select, TextInput } from "./ui/fields";

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
      <TextInput {...fieldProps(fields.name)} key={fields.name.key} label="Full name" autoComplete="off" />
      <Radios
        {...fieldProps(fields.role)}
        key={fields.role.key}
        legend="Role"
        items={(Object.keys(ROLE_LABELS) as RoleName[]).map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
      />
      <Select
        {...fieldProps(fields.authorityCode)}
        key={fields.authorityCode.key}
        label="Authority (members only)"
        options={[{ value: "", label: "Not a member of an authority" }, ...authorities.map((a) => ({ value: a.code, label: a.name }))]}
      />
      <Select
        {...fieldProps(fields.groupSlug)}
        key={fields.groupSlug.key}
        label="Group (regional viewers only)"
        options={[{ value: "", label: "Not a regional viewer" }, ...groups.map((g) => ({ value: g.slug, label: g.name }))]}
      />
    </>
  );
}
