import { getEnv } from "./env.server";

/**
 * The service's address for links in emails: APP_ORIGIN when set, else the address the request
 * came to, else (the command line) the local server's.
 */
export function appOrigin(request?: Request): string {
  const configured = getEnv().APP_ORIGIN;
  if (configured) return new URL(configured).origin;
  if (request) return new URL(request.url).origin;
  return `http://localhost:${process.env.PORT ?? 3000}`;
}
