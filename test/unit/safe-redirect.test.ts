import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "../../app/domain/safe-redirect";

describe("safeRedirectPath", () => {
  it("keeps paths on this service, normalised", () => {
    expect(safeRedirectPath("/admin/users")).toBe("/admin/users");
    expect(safeRedirectPath("/results/2024-25/explore?metric=unit_cost.send#chart")).toBe(
      "/results/2024-25/explore?metric=unit_cost.send#chart",
    );
    expect(safeRedirectPath("/rounds/../admin")).toBe("/admin");
    // A percent-encoded slash is not a separator: this stays a path here.
    expect(safeRedirectPath("/%2F/evil.example")).toBe("/%2F/evil.example");
  });

  it.each([
    ["a tab between the slashes (the reported attack, decoded)", "/\t/evil.example"],
    ["a newline between the slashes", "/\n/evil.example"],
    ["a carriage return", "/\r/evil.example"],
    ["two slashes", "//evil.example"],
    ["slash and backslash", "/\\evil.example"],
    ["two backslashes after a slash", "/\\\\evil.example"],
    ["a dot segment that collapses to two slashes", "/.//evil.example"],
    ["a tab inside the double slash", "/\t\t/evil.example/path"],
    ["an absolute URL", "https://evil.example/"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a relative path", "evil.example"],
    ["an encoded double slash that was never decoded", "%2F%2Fevil.example"],
    ["nothing", ""],
  ])("refuses %s", (_, target) => {
    expect(safeRedirectPath(target)).toBe("/");
  });

  it("refuses anything that is not text", () => {
    expect(safeRedirectPath(null)).toBe("/");
    expect(safeRedirectPath(undefined, "/home")).toBe("/home");
  });
});
