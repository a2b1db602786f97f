import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "../../db/client";
import { MESSAGE_KINDS, type MessageKind, TEMPLATE_ENV_VARS } from "../domain/notifications";

const DEVELOPMENT_SECRET = "development-only-secret-not-for-production";

/** An empty variable counts as unset, so `NOTIFY_API_KEY=` turns email off. */
const unsetWhenEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema);

type TemplateEnvVar = (typeof TEMPLATE_ENV_VARS)[MessageKind];
const templateIdSchema = (name: string) => unsetWhenEmpty(z.uuid(`${name} must be a Notify template id`).optional());
const templateIdShape = Object.fromEntries(MESSAGE_KINDS.map((kind) => [TEMPLATE_ENV_VARS[kind], templateIdSchema(TEMPLATE_ENV_VARS[kind])])) as Record<
  TemplateEnvVar,
  ReturnType<typeof templateIdSchema>
>;

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.string().min(1).default(DEFAULT_DATABASE_URL),
    SESSION_SECRET: z.string().min(1).optional(),
    PSEUDONYM_SECRET: z.string().min(1).optional(),
    MIN_GROUP_SIZE: z.coerce.number().int().min(1).default(5),
    /** The origin browsers use to reach the app, e.g. https://benchmark.example.org; defaults to the request's Host. */
    APP_ORIGIN: z.url().optional(),
    /** GOV.UK Notify API key; without one, email waits in the outbox (shown at /dev/outbox in development). */
    NOTIFY_API_KEY: unsetWhenEmpty(
      z
        .string()
        .regex(/^.+-[0-9a-f-]{36}-[0-9a-f-]{36}$/i, "NOTIFY_API_KEY must be a whole Notify API key: name-serviceId-secret")
        .optional(),
    ),
    /** Notify's API address; only to reach a stand-in (MOCKS=true) or another Notify environment. */
    NOTIFY_BASE_URL: unsetWhenEmpty(z.url().optional()),
    ...templateIdShape,
  })
  .superRefine((env, ctx) => {
    if (env.NOTIFY_API_KEY) {
      for (const kind of MESSAGE_KINDS) {
        const name = TEMPLATE_ENV_VARS[kind];
        if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: `${name} must be set when NOTIFY_API_KEY is` });
      }
    }
    if (env.NODE_ENV !== "production") return;
    for (const name of ["SESSION_SECRET", "PSEUDONYM_SECRET"] as const) {
      if (!env[name] || env[name].length < 32) {
        ctx.addIssue({ code: "custom", path: [name], message: `${name} must be set to at least 32 characters in production` });
      }
    }
  });

export type Env = {
  NODE_ENV: "development" | "production" | "test";
  DATABASE_URL: string;
  SESSION_SECRET: string;
  PSEUDONYM_SECRET: string;
  MIN_GROUP_SIZE: number;
  APP_ORIGIN: string | undefined;
  /** Present only when a key and every template id are set. */
  NOTIFY: NotifyEnv | undefined;
};

export interface NotifyEnv {
  apiKey: string;
  baseUrl: string | undefined;
  templates: Record<MessageKind, string>;
}

let cached: Env | undefined;

/** The server's configuration, parsed once; a bad value stops the server with the variable named. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  const env = parsed.data;
  cached = {
    NODE_ENV: env.NODE_ENV,
    DATABASE_URL: env.DATABASE_URL,
    SESSION_SECRET: env.SESSION_SECRET ?? DEVELOPMENT_SECRET,
    PSEUDONYM_SECRET: env.PSEUDONYM_SECRET ?? DEVELOPMENT_SECRET,
    MIN_GROUP_SIZE: env.MIN_GROUP_SIZE,
    APP_ORIGIN: env.APP_ORIGIN,
    NOTIFY: env.NOTIFY_API_KEY
      ? {
          apiKey: env.NOTIFY_API_KEY,
          baseUrl: env.NOTIFY_BASE_URL,
          templates: Object.fromEntries(MESSAGE_KINDS.map((kind) => [kind, env[TEMPLATE_ENV_VARS[kind]]!])) as Record<MessageKind, string>,
        }
      : undefined,
  };
  return cached;
}
