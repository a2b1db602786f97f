import { isIP } from "node:net";
import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "../../db/client";
import { MESSAGE_KINDS, type MessageKind, TEMPLATE_ENV_VARS } from "../domain/notifications";

/**
 * Signs development session cookies only: production refuses to start without SESSION_SECRET. (The
 * development pseudonym secret is not a constant: see models/service-secret.server.ts.)
 */
const DEVELOPMENT_SESSION_SECRET = "development-only-secret-not-for-production";
export const DEFAULT_MAX_BODY_BYTES = 6 * 1024 * 1024;
/** An empty variable counts as unset, so `NOTIFY_API_KEY=` turns email off. */
const unsetWhenEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema);

const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/**
 * TRUST_PROXY as Express's "trust proxy" setting: a number of proxy hops in front of the app, or a
 * comma-separated list of the proxies' addresses or subnets (or loopback, linklocal, uniquelocal).
 * `true` is refused: it would take X-Forwarded-For as given, letting any client choose its address.
 */
const trustProxySchema = unsetWhenEmpty(
  z
    .string()
    .optional()
    .transform((value, ctx): number | string | false => {
      if (value === undefined || value === "false" || value === "0") return false;
      if (/^\d+$/.test(value)) return Number(value);
      const parts = value.split(",").map((part) => part.trim());
      const bad = parts.find((part) => {
        if (PROXY_NAMES.has(part)) return false;
        const [address, prefix, ...rest] = part.split("/");
        return rest.length > 0 || !isIP(address ?? "") || (prefix !== undefined && !/^\d{1,3}$/.test(prefix));
      });
      if (value === "true" || bad !== undefined) {
        ctx.addIssue({
          code: "custom",
          message: `TRUST_PROXY must be a number of proxy hops or a comma-separated list of proxy addresses or subnets (got "${value === "true" ? value : bad}"); "true" would trust any X-Forwarded-For as given`,
        });
        return z.NEVER;
      }
      return parts.join(",");
    }),
);

type TemplateEnvVar = (typeof TEMPLATE_ENV_VARS)[MessageKind];
const templateIdSchema = (name: string) => unsetWhenEmpty(z.uuid(`${name} must be a Notify template id`).optional());
const templateIdShape = Object.fromEntries(
  MESSAGE_KINDS.map((kind) => [TEMPLATE_ENV_VARS[kind], templateIdSchema(TEMPLATE_ENV_VARS[kind])]),
) as Record<TemplateEnvVar, ReturnType<typeof templateIdSchema>>;

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.string().min(1).default(DEFAULT_DATABASE_URL),
    SESSION_SECRET: z.string().min(1).optional(),
    PSEUDONYM_SECRET: z.string().min(1).optional(),
    MIN_GROUP_SIZE: z.coerce.number().int().min(1).default(5),
    PORT: unsetWhenEmpty(z.coerce.number().int().min(0).max(65535).default(3000)),
    /**
     * The origin browsers use to reach the app, e.g. https://benchmark.example.org: every link in an
     * email and the same-origin check on every POST use it, never the request's Host. Required in
     * production; elsewhere http://localhost:PORT.
     */
    APP_ORIGIN: unsetWhenEmpty(
      z.url({ protocol: /^https?$/, error: "APP_ORIGIN must be an http(s) address like https://benchmark.example.org" }).optional(),
    ),
    TRUST_PROXY: trustProxySchema,
    /** The largest request body accepted, counted on the stream (chunked bodies too). */
    MAX_BODY_BYTES: unsetWhenEmpty(z.coerce.number().int().min(1024).default(DEFAULT_MAX_BODY_BYTES)),
    /** "true" puts the msw stand-ins of test/mocks in front of outbound requests (tests, development). */
    MOCKS: unsetWhenEmpty(z.enum(["true", "false"]).default("false")),
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
    if (!env.APP_ORIGIN)
      ctx.addIssue({
        code: "custom",
        path: ["APP_ORIGIN"],
        message: "APP_ORIGIN must be set in production, e.g. https://benchmark.example.org",
      });
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
  /** Set in production (required); elsewhere undefined, and a random secret stored in the database is used. */
  PSEUDONYM_SECRET: string | undefined;
  MIN_GROUP_SIZE: number;
  PORT: number;
  /** The configured origin, normalised (scheme, host and port only, no trailing slash). */
  APP_ORIGIN: string;
  /** Express's "trust proxy" value; false when the app is reached directly. */
  TRUST_PROXY: number | string | false;
  MAX_BODY_BYTES: number;
  MOCKS: boolean;
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
  cached ??= readEnv();
  return cached;
}

/**
 * The configuration as the environment gives it now, through the one schema: for the command line,
 * which may be run more than once in a process (the attack suite) against different databases.
 */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  const env = parsed.data;
  return {
    NODE_ENV: env.NODE_ENV,
    DATABASE_URL: env.DATABASE_URL,
    SESSION_SECRET: env.SESSION_SECRET ?? DEVELOPMENT_SESSION_SECRET,
    PSEUDONYM_SECRET: env.PSEUDONYM_SECRET,
    MIN_GROUP_SIZE: env.MIN_GROUP_SIZE,
    PORT: env.PORT,
    APP_ORIGIN: new URL(env.APP_ORIGIN ?? `http://localhost:${env.PORT}`).origin,
    TRUST_PROXY: env.TRUST_PROXY,
    MAX_BODY_BYTES: env.MAX_BODY_BYTES,
    MOCKS: env.MOCKS === "true",
    NOTIFY: env.NOTIFY_API_KEY
      ? {
          apiKey: env.NOTIFY_API_KEY,
          baseUrl: env.NOTIFY_BASE_URL,
          templates: Object.fromEntries(MESSAGE_KINDS.map((kind) => [kind, env[TEMPLATE_ENV_VARS[kind]]!])) as Record<MessageKind, string>,
        }
      : undefined,
  };
}
