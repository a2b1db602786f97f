import { z } from "zod";
import { ROLES, type Role } from "./permissions";

/** How each role is named on screen, in the order the forms list them. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  member: "Network member (one authority)",
  regional_viewer: "Regional viewer (one group)",
  coordinator: "Coordinator",
};

export type RoleName = Role;

export const MIN_PASSWORD_LENGTH = 12;

const roleSchema = z.enum(ROLES, {
  error: "Select a role: member, regional viewer or coordinator",
});

/**
 * Who a user is and what they may see. A member belongs to exactly one authority, a regional viewer
 * to exactly one group, a coordinator to neither; the same rules hold in the database.
 */
export const userScopeSchema = z
  .object({
    name: z
      .string({ error: "Enter the user's full name" })
      .trim()
      .min(1, "Enter the user's full name")
      .max(200, "Name must be 200 characters or fewer"),
    role: roleSchema,
    authorityCode: z.string().trim().optional(),
    groupSlug: z.string().trim().optional(),
  })
  .superRefine((user, ctx) => {
    if (user.role === "member" && !user.authorityCode) {
      ctx.addIssue({ code: "custom", path: ["authorityCode"], message: "Select the authority this member works for" });
    }
    if (user.role === "regional_viewer" && !user.groupSlug) {
      ctx.addIssue({ code: "custom", path: ["groupSlug"], message: "Select the group this regional viewer belongs to" });
    }
  })
  .transform((user) => ({
    ...user,
    authorityCode: user.role === "member" ? user.authorityCode! : null,
    groupSlug: user.role === "regional_viewer" ? user.groupSlug! : null,
  }));

export const emailSchema = z
  .string({ error: "Enter an email address" })
  .trim()
  .toLowerCase()
  .email("Enter an email address in the correct format, like name@example.org");

export const passwordSchema = z
  .string({ error: "Enter a password" })
  .min(MIN_PASSWORD_LENGTH, `Password must be ${MIN_PASSWORD_LENGTH} characters or more`)
  .max(200, "Password must be 200 characters or fewer");
