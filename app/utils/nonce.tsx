import { createContext, useContext } from "react";

// The per-request CSP nonce, set by the server for Remix's inline scripts; empty in the browser.
const NonceContext = createContext<string>("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
