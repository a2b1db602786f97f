import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type AgnosticRouteObject, matchRoutes } from "@remix-run/router";
import { describe, expect, it } from "vitest";

/*
 * patches/@remix-run+router+1.23.3.patch (ADR 013): matchRoutes ranks a route tree once per shape
 * and compiles each path once. These tests check that it is applied (postinstall) and that matching
 * still answers as the unpatched router did: ranking, params, optional segments, splats, index
 * routes, and a tree that changes or is rebuilt with new objects.
 */

function tree(): AgnosticRouteObject[] {
  return [
    {
      id: "root",
      path: "",
      children: [
        { id: "home", index: true },
        { id: "results", path: "results" },
        { id: "round", path: "results/:slug" },
        { id: "explore", path: "results/:slug/explore" },
        { id: "download", path: "results/:slug/download/:file" },
        { id: "admin-user", path: "admin/users/new" },
        { id: "admin-user-id", path: "admin/users/:id" },
        { id: "lang", path: ":lang?/about" },
        { id: "splat", path: "*" },
      ],
    },
  ];
}

function matched(routes: AgnosticRouteObject[], url: string) {
  const matches = matchRoutes(routes, url);
  return matches?.map((m) => ({ id: m.route.id, pathname: m.pathname, params: m.params }));
}

describe("the patched matchRoutes", () => {
  it("is the patched router (postinstall applied patches/)", () => {
    const require = createRequire(import.meta.url);
    const source = readFileSync(require.resolve("@remix-run/router"), "utf8");
    expect(source.includes("function rankedBranchesOf(routes)"), "patches/@remix-run+router+1.23.3.patch applied").toBe(true);
  });

  it("matches by rank: static beats dynamic beats splat, index routes, params decoded", () => {
    const routes = tree();
    expect(matched(routes, "/")?.map((m) => m.id)).toEqual(["root", "home"]);
    expect(matched(routes, "/admin/users/new")?.at(-1)?.id).toBe("admin-user");
    expect(matched(routes, "/admin/users/42")?.at(-1)).toEqual({
      id: "admin-user-id",
      pathname: "/admin/users/42",
      params: { id: "42" },
    });
    expect(matched(routes, "/results/2023-24/download/a%20b.csv")?.at(-1)?.params).toEqual({ slug: "2023-24", file: "a b.csv" });
    expect(matched(routes, "/results/2023-24/explore/")?.at(-1)?.id).toBe("explore");
    expect(matched(routes, "/about")?.at(-1)).toEqual({ id: "lang", pathname: "/about", params: { lang: undefined } });
    expect(matched(routes, "/cy/about")?.at(-1)?.params).toEqual({ lang: "cy" });
    expect(matched(routes, "/no/such/page")?.at(-1)).toEqual({ id: "splat", pathname: "/no/such/page", params: { "*": "no/such/page" } });
  });

  it("returns the route objects it was given, for a tree rebuilt with the same shape", () => {
    const first = tree();
    const second = tree();
    const fromFirst = matchRoutes(first, "/results/x/explore")!;
    const fromSecond = matchRoutes(second, "/results/x/explore")!;
    expect(fromFirst.at(-1)!.route).toBe(first[0]!.children![3]);
    expect(fromSecond.at(-1)!.route).toBe(second[0]!.children![3]);
  });

  it("sees a route added to a tree it has already matched", () => {
    const routes = tree();
    expect(matched(routes, "/results/2023-24/compare")?.at(-1)?.id).toBe("splat");
    routes[0]!.children!.push({ id: "compare", path: "results/:slug/compare" });
    expect(matched(routes, "/results/2023-24/compare")?.at(-1)?.id).toBe("compare");
  });

  it("tells a case-sensitive route from the same path without", () => {
    const sensitive: AgnosticRouteObject[] = [{ id: "exact", path: "/About", caseSensitive: true }];
    const insensitive: AgnosticRouteObject[] = [{ id: "loose", path: "/About" }];
    expect(matchRoutes(sensitive, "/about")).toBeNull();
    expect(matchRoutes(insensitive, "/about")?.[0]!.route.id).toBe("loose");
    expect(matchRoutes(sensitive, "/About")?.[0]!.route.id).toBe("exact");
  });
});
