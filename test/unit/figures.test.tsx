import { createHmac } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ContributorSetKey, ResultsData } from "../../app/domain/disclosure";
import type { Viewer } from "../../app/domain/permissions";
import { rankValues } from "../../app/domain/statistics";
import type { RoundResults } from "../../app/services/round-results.server";
import { cachedFigure, figureSlot } from "../../app/utils/figure-cache.server";
import {
  FIGURES,
  type FigureContext,
  type FigureDefinition,
  type FigureParams,
  figureContext,
  figureElementId,
  figureKey,
  findFigure,
} from "../../app/services/figures.server";

const hash = (message: string) => createHmac("sha256", "figures-test").update(message).digest("hex");
const ids = [1, 2, 3, 4, 5, 6];

/** Six authorities with every figure's metrics, value = id × base (so the ranking is by id). */
function roundResults(slug: string, year: string, cacheKey: string): RoundResults {
  const metrics: Record<string, number> = {
    "unit_cost.send": 1000,
    "unit_cost.special": 2000,
    "unit_cost.post16": 3000,
    "unit_cost.independent_special": 4000,
    "unit_cost.mainstream": 500,
    "unit_cost.send_mainstream": 700,
    "unit_cost.alternative_provision": 900,
    "unit_cost.post19": 1100,
    ehcp_rate_per_10k: 30,
    spend_per_ehcp: 800,
    ...Object.fromEntries(
      ["mainstream", "send_mainstream", "special", "independent_special", "alternative_provision", "post16", "post19"].map((c) => [
        `spend_share.${c}`,
        10,
      ]),
    ),
  };
  const byMetric = new Map<string, ResultsData["byMetric"] extends ReadonlyMap<string, infer L> ? L : never>();
  const byAuthority = new Map<
    number,
    Map<string, ResultsData["byMetric"] extends ReadonlyMap<string, ReadonlyArray<infer M>> ? M : never>
  >();
  for (const [metricKey, base] of Object.entries(metrics)) {
    const ranked = rankValues(ids.map((id) => ({ id, value: id * base })));
    const list = ids.map((id) => ({ authorityId: id, metricKey, value: id * base, ...ranked.get(id)! }));
    byMetric.set(metricKey, list);
    for (const entry of list) byAuthority.set(entry.authorityId, (byAuthority.get(entry.authorityId) ?? new Map()).set(metricKey, entry));
  }
  const results: ResultsData = {
    round: { slug, name: `Round ${year}`, financial_year: year },
    hash,
    minGroupSize: 5,
    identities: new Map(ids.map((id) => [id, { authorityId: id, code: `E0900000${id}`, name: `Authority ${id}` }])),
    byMetric,
    byAuthority,
    statistics: new Map(),
    groups: [{ id: 10, slug: "north", name: "North", kind: "region", authorityIds: [1, 2, 3, 4, 5] }],
    contributors: {
      sets: new Map<ContributorSetKey, Set<number>>([
        ["network", new Set(ids)],
        ["group:10", new Set([1, 2, 3, 4, 5])],
      ]),
      lost: new Map(),
    },
    plans: new Map(),
  };
  return {
    ...results,
    cacheKey,
    round: { id: 1, slug, name: `Round ${year}`, financial_year: year, status: "published", published_at: "2025-01-01T00:00:00Z" },
    realTerms: { available: false, reason: "No deflators" },
  } as unknown as RoundResults;
}

const member: Viewer = { kind: "member", authorityId: 2 };
const results = roundResults("2024-25", "2024-25", "1|v1");
const earlier = roundResults("2023-24", "2023-24", "2|v1");
const ctx = figureContext(member, results);
const definitions = Object.values(FIGURES) as unknown as Array<FigureDefinition<FigureParams, unknown>>;

/** The figures drawn from results alone (the others read the database: see test/integration/insight.test.ts). */
const FROM_RESULTS = ["ranking", "distribution", "composition", "groups", "scatter", "trend"];

describe("the figure registry", () => {
  it("names each figure once, by the name its URLs use", () => {
    expect(Object.keys(FIGURES)).toEqual(definitions.map((definition) => definition.name));
    expect(findFigure("ranking")).toBe(FIGURES.ranking);
    expect(findFigure("toString")).toBeUndefined();
    expect(findFigure(null)).toBeUndefined();
  });

  it("reads each figure's parameters from a query string, defaults filled in", () => {
    expect(FIGURES.ranking.params(new URLSearchParams(), ctx)).toEqual({ metric: "unit_cost.send" });
    expect(FIGURES.ranking.params(new URLSearchParams("metric=unit_cost.special&terms=real"), ctx)).toEqual({
      metric: "unit_cost.special",
    });
    expect(FIGURES.ranking.params(new URLSearchParams("metric=no.such.metric"), ctx)).toEqual({ metric: "unit_cost.send" });
    expect(FIGURES.scatter.params(new URLSearchParams("x=spend_per_ehcp"), ctx)).toEqual({ x: "spend_per_ehcp", y: "unit_cost.send" });
    expect(FIGURES.distribution.params(new URLSearchParams("metric=unit_cost.special"), ctx)).toEqual({});
    // A member's forecasts are always their own: an authority in the query is not a parameter.
    expect(FIGURES.forecast.params(new URLSearchParams("authority=E09000001&metric=ehcps"), ctx)).toEqual({
      authority: "",
      cohort: "send",
      metric: "ehcps",
    });
    const coordinator = figureContext({ kind: "coordinator" }, results);
    expect(FIGURES.decomposition.params(new URLSearchParams("authority=E09000001&cohort=special"), coordinator)).toEqual({
      authority: "E09000001",
      cohort: "special",
    });
  });

  it("derives a different cache key for every parameter, results version, source, view and minimum group size", () => {
    for (const definition of definitions) {
      const params = definition.params(new URLSearchParams(), ctx);
      const key = figureKey(definition, ctx, params, [earlier]);
      for (const name of Object.keys(params)) {
        expect(
          figureKey(definition, ctx, { ...params, [name]: `${params[name]}-other` }, [earlier]),
          `${definition.name}: ${name}`,
        ).not.toBe(key);
      }
      const others: Array<[string, string]> = [
        ["another parameter", figureKey(definition, ctx, { ...params, extra: "" }, [earlier])],
        ["another figure", figureKey({ name: `${definition.name}-other` }, ctx, params, [earlier])],
        ["another results version", figureKey(definition, { ...ctx, results: { ...results, cacheKey: "1|v2" } }, params, [earlier])],
        ["another source", figureKey(definition, ctx, params, [{ ...earlier, cacheKey: "2|v2" }])],
        ["no source", figureKey(definition, ctx, params, [])],
        ["another authority", figureKey(definition, { ...ctx, viewer: { kind: "member", authorityId: 3 } }, params, [earlier])],
        ["a regional viewer", figureKey(definition, { ...ctx, viewer: { kind: "regional_viewer", groupId: 10 } }, params, [earlier])],
        ["a coordinator", figureKey(definition, { ...ctx, viewer: { kind: "coordinator" } }, params, [earlier])],
        ["another minimum group size", figureKey(definition, { ...ctx, minGroupSize: 6 }, params, [earlier])],
      ];
      for (const [what, other] of others) expect(other, `${definition.name}: ${what}`).not.toBe(key);
    }
  });

  it("does not let a parameter's value pass for another parameter", () => {
    const key = (params: FigureParams) => figureKey(FIGURES.scatter, ctx, params, []);
    expect(key({ x: "a|y=b", y: "c" })).not.toBe(key({ x: "a", y: "b|y=c" }));
  });

  it("gives each figure on a page its own element id", () => {
    expect(figureElementId("forecast", { authority: "", cohort: "send", metric: "ehcps" })).toBe("figure-forecast-send-ehcps");
    expect(figureElementId("forecast", { authority: "", cohort: "send", metric: "spend.send" })).toBe("figure-forecast-send-spend-send");
    expect(figureElementId("distribution", {})).toBe("figure-distribution");
  });

  it.each(FROM_RESULTS)("draws %s with a chart, a table and a caption, the chart titled by the caption", async (name) => {
    const definition = findFigure(name)!;
    const drawn = (await definition.draw(ctx, definition.params(new URLSearchParams(), ctx), [earlier, results]))!;
    expect(drawn.caption.length).toBeGreaterThan(10);
    expect(drawn.table.caption.length).toBeGreaterThan(0);
    expect(drawn.table.columns.length).toBeGreaterThan(1);
    expect(drawn.table.rows.length).toBeGreaterThan(0);
    const svg = renderToStaticMarkup(drawn.chart);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain(`>${drawn.caption.replace(/'/g, "&#x27;")}</title>`);
    // Phones get the same chart laid out narrow, not the wide one to scroll sideways.
    const narrow = renderToStaticMarkup(drawn.narrowChart!);
    expect(narrow).toMatch(/^<svg [^>]*viewBox="0 0 340 /);
    expect(narrow).toContain(`>${drawn.caption.replace(/'/g, "&#x27;")}</title>`);
  });

  it("draws own-authority figures for members only, and gives them the permission that says so", async () => {
    for (const definition of [FIGURES.composition, FIGURES.trend]) {
      expect(definition.permission).toBe("results.own_authority");
      const coordinator: FigureContext = { ...ctx, viewer: { kind: "coordinator" } };
      expect(await definition.draw(coordinator, { metric: "unit_cost.send" }, [results])).toBeNull();
    }
    expect(FIGURES.forecast.permission).toBe("results.forecasts");
  });
});

describe("cachedFigure", () => {
  it("draws (view data and all) only on a miss", async () => {
    let draws = 0;
    const draw = async () => {
      draws += 1;
      return { element: <svg viewBox="0 0 1 1" />, meta: { draws } };
    };
    const first = await cachedFigure("figures-test|once", "once-", draw);
    const second = await cachedFigure("figures-test|once", "once-", draw);
    expect(draws).toBe(1);
    expect(second).toEqual(first);
    expect(first!.html).toBe('<svg viewBox="0 0 1 1"></svg>');
    await cachedFigure("figures-test|twice", "twice-", draw);
    expect(draws).toBe(2);
  });
});

describe("figureSlot", () => {
  it("keeps a document's figure HTML for the markup only, and puts it in single-fetch data", () => {
    const document = { documentRequest: true } as AppLoadContext;
    expect(figureSlot(document, "figure-x", "<svg></svg>")).toEqual({ id: "figure-x", html: null });
    expect(document.figureMarkup?.get("figure-x")).toBe("<svg></svg>");
    const data = { documentRequest: false } as AppLoadContext;
    expect(figureSlot(data, "figure-x", "<svg></svg>")).toEqual({ id: "figure-x", html: "<svg></svg>" });
    expect(data.figureMarkup).toBeUndefined();
  });
});
