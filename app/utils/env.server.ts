import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "../../db/client";

const DEVELOPMENT_SECRET = "development-only-secret-not-for-production";

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.string().min(1).default(DEFAULT_DATABASE_URL),
    SESSION_SECRET: z.string().min(1).optional(),
    PSEUDONYM_SECRET: z.string().min(1).optional(),
    MIN_GROUP_SIZE: z.coerce.number().int().min(1).default(5),
    /** The origin browsers use to reach the app, e.g. https://benchmark.example.org; defaults to the request's Host. */
    APP_ORIGIN: z.url().optional(),
  })
  .superRefine((env, ctx) => {
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
};

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
  };
  return cached;
}
