import { getEnv } from "./env.server";

/**
 * The service's address for links in emails: the configured APP_ORIGIN (required in production;
 * http://localhost:PORT elsewhere). Never the request's Host header, which the sender chooses: a
 * reset requested with `Host: evil.example` must still link here.
 */
export function appOrigin(): string {
  return getEnv().APP_ORIGIN;
}
