import { Select, TextInput } from "./ui/fields";
import { ROLE_LABELS, type RoleName } from "~/domain/users";

export interface ScopeOptions {
  authorities: ReadonlyArray<{ code: string; name: string }>;
  groups: ReadonlyArray<{ slug: string; name: string }>;
}

interface Props extends ScopeOptions {
  values: { name?: string; role?: string; authorityCode?: string | null; groupSlug?: string | null };
  errors: Partial<Record<"name" | "role" | "authorityCode" | "groupSlug", readonly string[] | undefined>>;
}

/** Name, role and the authority or group that scopes what the user can see; used by create and edit. */
export function UserScopeFields({ authorities, groups, values, errors }: Props) {
  return (
    <>
      <TextInput id="name" name="name" label="Full name" defaultValue={values.name ?? ""} autoComplete="off" errors={errors.name} />
      <div className={`govuk-form-group${errors.role ? " govuk-form-group--error" : ""}`}>
        <fieldset className="govuk-fieldset" aria-describedby={errors.role ? "role-error" : undefined}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Role</legend>
          {errors.role ? (
            <p id="role-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {errors.role.join(". ")}
            </p>
          ) : null}
          <div className="govuk-radios" data-module="govuk-radios">
            {(Object.keys(ROLE_LABELS) as RoleName[]).map((role, i) => (
              <div key={role} className="govuk-radios__item">
                <input
                  className="govuk-radios__input"
                  id={i === 0 ? "role" : `role-${role}`}
                  name="role"
                  type="radio"
                  value={role}
                  defaultChecked={values.role === role}
                />
                <label className="govuk-label govuk-radios__label" htmlFor={i === 0 ? "role" : `role-${role}`}>
                  {ROLE_LABELS[role]}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <Select
        id="authorityCode"
        name="authorityCode"
        label="Authority (members only)"
        defaultValue={values.authorityCode ?? ""}
        errors={errors.authorityCode}
        options={[{ value: "", label: "Not a member of an authority" }, ...authorities.map((a) => ({ value: a.code, label: a.name }))]}
      />
      <Select
        id="groupSlug"
        name="groupSlug"
        label="Group (regional viewers only)"
        defaultValue={values.groupSlug ?? ""}
        errors={errors.groupSlug}
        options={[{ value: "", label: "Not a regional viewer" }, ...groups.map((g) => ({ value: g.slug, label: g.name }))]}
      />
    </>
  );
}
