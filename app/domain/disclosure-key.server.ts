/**
 * The keyed hash behind every label and perturbation of domain/disclosure: HMAC-SHA256 under the
 * pseudonym secret. Server-only, because the secret must never leave; the rules stay pure.
 */
import { createHmac } from "node:crypto";
import type { KeyedHash } from "./disclosure";

export function keyedHash(secret: string): KeyedHash {
  return (message) => createHmac("sha256", secret).update(message).digest("hex");
}
