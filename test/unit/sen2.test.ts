import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { layoutDemandSeries } from "~/components/charts/demand-series/layout";
import { EHCP_AGE_BANDS } from "~/domain/cohorts";
import { buildDemandView, demandGrowthTable, demandSeriesTable, indexedLines } from "~/domain/sen2-demand";
import { ENGLAND_CODE, currentCode, seriesBreakReason } from "~/domain/code-succession";
import {
  PLACEMENT_COLUMNS,
  ageBandOfSingleYear,
  censusYearOf,
  censusYearOfFinancialYear,
  groupNeeds,
  groupPlacements,
  keptPrefills,
  prefillLabel,
  readSen2Files,
  sectionPrefill,
  sen2FileKind,
  type Sen2File,
} from "~/domain/sen2";
import { Sen2Figures, ehcpHistoryWithSources, formatGrowth, growthPercent, sumIfComplete } from "~/domain/sen2-series";

const REFERENCE = path.join(__dirname, "../../db/reference");
const KNOWN = new Set(
  readFileSync(path.join(REFERENCE, "la-lookup.csv"), "utf8")
    .split("\n")
    .slice(1)
    .map((line) => line.split(",")[0]!)
    .filter(Boolean),
);

function release(name: string): Sen2File[] {
  const dir = path.join(REFERENCE, "sen2", name);
  return readdirSync(dir)
    .filter((file) => file.endsWith(".csv"))
    .map((file) => ({ name: file, text: readFileSync(path.join(dir, file), "utf8") }));
}

function shippedFigures(): Sen2Figures {
  const stored = (["2022", "2025"] as const).flatMap((name) => {
    const read = readSen2Files(release(name), KNOWN);
    if (!read.ok) throw new Error(read.errors.join("\n"));
    return read.figures.map((figure) => ({ ...figure, releaseName: `SEN2 ${name}`, reportingYear: Number(name) }));
  });
  return new Sen2Figures(stored);
}

describe("code succession", () => {
  it("maps old codes of the same area onto today's and leaves others alone", () => {
    expect(currentCode("E10000002")).toBe("E06000060");
    expect(currentCode("E10000023")).toBe("E06000065");
    expect(currentCode("E10000027")).toBe("E06000066");
    expect(currentCode("E06000048")).toBe("E06000057");
    expect(currentCode("E08000020")).toBe("E08000037");
    expect(currentCode("E10000014")).toBe("E10000014");
  });

  it("says why a new area's series starts late", () => {
    expect(seriesBreakReason("E06000063")).toBe(
      "Cumberland was formed on 1 April 2023 from part of Cumbria (E10000006): there is no comparable figure before its first January census, 2024.",
    );
    expect(seriesBreakReason("E06000058")).toContain("formed on 1 April 2019");
    expect(seriesBreakReason("E10000014")).toBeNull();
  });
});

describe("SEN2 columns onto the question set's keys", () => {
  it("reads DfE time periods as January censuses", () => {
    expect(censusYearOf("2015")).toBe(2015);
    expect(censusYearOf("202425")).toBe(2025);
    expect(censusYearOf("202426")).toBeNull();
    expect(censusYearOfFinancialYear(2024)).toBe(2025);
    expect(prefillLabel(2025)).toBe("From DfE SEN2, January 2025 — check and confirm");
  });

  it("bands single years of age as the return does", () => {
    expect(ageBandOfSingleYear("under 3")).toBe("under_5");
    expect(ageBandOfSingleYear("age 4")).toBe("under_5");
    expect(ageBandOfSingleYear("age 5")).toBe("5_10");
    expect(ageBandOfSingleYear("age 15")).toBe("11_15");
    expect(ageBandOfSingleYear("age 19")).toBe("16_19");
    expect(ageBandOfSingleYear("age 25")).toBe("20_25");
    expect(ageBandOfSingleYear("age 26")).toBeNull();
  });

  it("uses every placement column once", () => {
    const columns = Object.values(PLACEMENT_COLUMNS).flat();
    expect(new Set(columns).size).toBe(columns.length);
    expect(columns).toHaveLength(35);
  });

  it("groups England's January 2025 placements as FBIT does (hand-added from caseload.csv)", () => {
    const england: Record<string, number | null> = {
      mainstream_la_maintained: 95542,
      mainstream_la_maintained_resourced_provision: 6730,
      mainstream_la_maintained_senunit: 3146,
      mainstream_academy: 141630,
      mainstream_academy_resourced_provision: 8578,
      mainstream_academy_senunit: 5773,
      mainstream_free_school: 9366,
      mainstream_free_school_resourced_provision: 221,
      mainstream_free_school_senunit: 76,
      mainstream_independent: 7174,
      special_la_maintained: 85920,
      special_academy_free: 73932,
      special_independent: 29647,
      special_non_maintained: 4381,
      ap_pru_academy: 1967,
      ap_pru_free_school: 596,
      ap_pru_la_maintained: 2295,
      general_fe_tertiary_colleges: 70998,
      specialist_post_16_institutions: 9675,
      ukrlp_provider: 7485,
      elective_home_education: 7155,
      other_arrangements_la: 11524,
      other_arrangements_parents: 1012,
      online_provider: 123,
      w_settings: 402,
      other_schools: 175,
      other_placement_settings: 4045,
      neet: 18056,
      neet_ntci: 1806,
      neet_other: 2992,
      neet_other_csa: 2460,
      nm_early_years: 4524,
      placement_unknown: 19339,
      await_prov_2022: null,
      perm_ex_2022: null,
    };
    const groups = groupPlacements(england);
    // 95,542 + 141,630 + 9,366
    expect(groups.mainstream).toBe(246538);
    // 6,730 + 3,146 + 8,578 + 5,773 + 221 + 76
    expect(groups.resourced).toBe(24524);
    expect(groups.special).toBe(159852);
    // 29,647 + 4,381 + 7,174
    expect(groups.independent).toBe(41202);
    expect(groups.ap).toBe(4858);
    expect(groups.post16).toBe(88158);
    expect(groups.early_years).toBe(4524);
    // 7,155 + 11,524 + 1,012 + 123 + 402 + 175 + 4,045 + 18,056 + 1,806 + 2,992 + 2,460 + 19,339
    expect(groups.other).toBe(69089);
    expect(Object.values(groups).reduce((a, b) => a + b, 0)).toBe(638745);
  });

  it("counts need not recorded with OTH", () => {
    const needs = groupNeeds({ number_oth: 7512, number_need_unknown: 4870, number_asd: 201183 });
    expect(needs.OTH).toBe(12382);
    expect(needs.ASD).toBe(201183);
    expect(needs.SLCN).toBe(0);
  });

  it("recognises DfE's file names with or without a year range", () => {
    expect(sen2FileKind("caseload.csv")).toBe("caseload");
    expect(sen2FileKind("caseload_2019-2025.csv")).toBe("caseload");
    expect(sen2FileKind("sen2_age_caseload_2010-2022.csv")).toBe("age_caseload");
    expect(sen2FileKind("sen_needs_all_plans_2025.csv")).toBe("needs");
    expect(sen2FileKind("ceased_plans.csv")).toBeNull();
  });
});

describe("the shipped SEN2 files", () => {
  const figures = shippedFigures();

  it("give England's published totals and growth", () => {
    expect(figures.value(ENGLAND_CODE, "ehcp.total", 2015)).toBe(240183);
    expect(figures.value(ENGLAND_CODE, "ehcp.total", 2025)).toBe(638745);
    // 638,745 / 240,183 − 1 = 1.6594…
    expect(formatGrowth(growthPercent(240183, 638745)!)).toBe("+165.9%");
  });

  it("give Hampshire's published totals and the seminar's growth", () => {
    expect(figures.value("E10000014", "ehcp.total", 2012)).toBe(4822);
    expect(figures.value("E10000014", "ehcp.total", 2015)).toBe(4991);
    expect(figures.value("E10000014", "ehcp.total", 2023)).toBe(14583);
    expect(figures.value("E10000014", "ehcp.total", 2025)).toBe(17784);
    // 14,583 / 4,991 = 2.9219 and 14,583 / 4,822 = 3.0243
    expect(formatGrowth(growthPercent(4991, 14583)!)).toBe("+192.2%");
    expect(formatGrowth(growthPercent(4822, 14583)!)).toBe("+202.4%");
  });

  it("keep Buckinghamshire's series continuous across its code change", () => {
    const series = figures.series("E06000060");
    expect(series.points.map((p) => p.censusYear)).toEqual([
      2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025,
    ]);
    // E10000002 in 2010 and 2025, E06000060 in 2021 and 2022
    expect(series.points[0]).toMatchObject({ censusYear: 2010, value: 2840, releaseName: "SEN2 2022" });
    expect(series.points.at(-1)).toMatchObject({ censusYear: 2025, value: 7217, releaseName: "SEN2 2025" });
    expect(figures.value("E10000002", "ehcp.total", 2015)).toBeNull();
    expect(series.breakReason).toBeNull();
  });

  it("start Cumberland's series at its first census, saying why", () => {
    const series = figures.series("E06000063");
    expect(series.points.map((p) => [p.censusYear, p.value])).toEqual([
      [2024, 2656],
      [2025, 2893],
    ]);
    expect(series.breakReason).toContain("formed on 1 April 2023 from part of Cumbria");
  });

  it("take the later release where two give the same census", () => {
    expect(figures.point("E10000014", "ehcp.total", 2020)).toEqual({ censusYear: 2020, value: 9094, releaseName: "SEN2 2025" });
  });

  it("give Hampshire's January 2025 breakdowns, each adding up to the total", () => {
    const ages = EHCP_AGE_BANDS.map((band) => figures.value("E10000014", `ehcp.age.${band}`, 2025)!);
    expect(ages.reduce((a, b) => a + b, 0)).toBe(17784);
    const settings = Object.keys(PLACEMENT_COLUMNS).map((s) => figures.value("E10000014", `ehcp.setting.${s}`, 2025)!);
    expect(settings.reduce((a, b) => a + b, 0)).toBe(17784);
  });

  it("drop a breakdown whose parts do not add up (Cambridgeshire's 2025 placements)", () => {
    expect(figures.value("E10000003", "ehcp.total", 2025)).toBe(8007);
    expect(figures.value("E10000003", "ehcp.setting.mainstream", 2025)).toBeNull();
  });

  it("sum a group only when every member has a figure", () => {
    expect(sumIfComplete(figures, ["E10000014", "E06000063"], "ehcp.total", 2023)).toBeNull();
    expect(sumIfComplete(figures, ["E10000014", "E06000063"], "ehcp.total", 2025)).toBe(17784 + 2893);
  });
});

describe("refusing a bad release", () => {
  const header = "time_period,geographic_level,old_la_code,new_la_code,la_name,characteristic_age,Total_st,Total_ehc,Total_all";

  it("names a missing column", () => {
    const read = readSen2Files(
      [{ name: "sen2_age_caseload.csv", text: "time_period,geographic_level,new_la_code,la_name,characteristic_age,Total\n" }],
      KNOWN,
    );
    expect(read).toEqual({
      ok: false,
      errors: ['sen2_age_caseload.csv: row 1 lacks the column "Total_all": expected DfE\'s age caseload layout'],
    });
  });

  it("names the row of an unknown code and of a value that is not a count or a symbol", () => {
    const text = [
      header,
      "2015,Local authority,850,E10000014,Hampshire,Total,4983,8,4991",
      "2015,Local authority,999,E10000099,Nowhere,Total,1,0,1",
      "2015,Local authority,850,E10000014,Hampshire,Under 5,1,0,lots",
    ].join("\n");
    const read = readSen2Files([{ name: "sen2_age_caseload.csv", text }], KNOWN);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors).toEqual([
      'sen2_age_caseload.csv row 3, column new_la_code: "E10000099" (Nowhere) is not a known local authority code: expected an ONS code such as E10000014',
      'sen2_age_caseload.csv row 4, column Total_all: "lots" is not a whole number of plans or one of DfE\'s symbols c x z : u',
    ]);
  });

  it("names the row of a suppressed total as a notice and stores no figure for it", () => {
    const text = [header, "2015,Local authority,850,E10000014,Hampshire,Total,c,c,c", "2015,National,,,,Total,235980,4203,240183"].join(
      "\n",
    );
    const read = readSen2Files([{ name: "sen2_age_caseload.csv", text }], KNOWN);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.notices).toEqual(['sen2_age_caseload.csv row 2: Hampshire, January 2015, Total_all is "c" (suppressed): no figure']);
    expect(read.figures).toEqual([{ censusYear: 2015, authorityCode: ENGLAND_CODE, breakdown: "ehcp.total", value: 240183 }]);
  });
});

describe("pre-filling a section", () => {
  const sen2 = { "ehcp.total": 3063, "ehcp.age.under_5": 160 };

  it("offers SEN2's figures for the section's EHCP questions while none is answered", () => {
    expect(sectionPrefill(["population_0_25", "ehcp.total"], {}, sen2)).toEqual({ "ehcp.total": 3063 });
    expect(sectionPrefill(["population_0_25", "ehcp.total"], { population_0_25: 1000 }, sen2)).toEqual({ "ehcp.total": 3063 });
  });

  it("offers nothing once one of them is answered, or where SEN2 has nothing", () => {
    expect(sectionPrefill(["ehcp.total"], { "ehcp.total": 1 }, sen2)).toBeNull();
    expect(sectionPrefill(["ehcp.age.under_5", "ehcp.age.5_10"], { "ehcp.age.5_10": 0 }, sen2)).toBeNull();
    expect(sectionPrefill(["population_0_25"], {}, sen2)).toBeNull();
    expect(sectionPrefill(["ehcp.need.ASD"], {}, sen2)).toBeNull();
  });

  it("counts as SEN2's only the answers saved as offered", () => {
    expect(keptPrefills(sen2, { "ehcp.total": 3063, "ehcp.age.under_5": 161 })).toEqual(["ehcp.total"]);
  });
});

describe("EHCP history for growth and forecasts", () => {
  it("uses the network's answers where it has them and SEN2 before, saying which is which", () => {
    const sen2 = {
      points: [
        { censusYear: 2015, value: 4991, releaseName: "SEN2 2022" },
        { censusYear: 2023, value: 14583, releaseName: "SEN2 2025" },
        { censusYear: 2024, value: 15994, releaseName: "SEN2 2025" },
      ],
    };
    expect(
      ehcpHistoryWithSources(
        [
          { financialYear: "2023-24", value: 16_100 },
          { financialYear: "2024-25", value: null },
        ],
        sen2,
      ),
    ).toEqual([
      { financialYear: "2014-15", value: 4991, source: "DfE SEN2 (SEN2 2022)" },
      { financialYear: "2022-23", value: 14583, source: "DfE SEN2 (SEN2 2025)" },
      { financialYear: "2023-24", value: 16100, source: "network return" },
    ]);
  });
});

describe("the demand view", () => {
  const figures = shippedFigures();
  const hampshire = { code: "E10000014", name: "Hampshire", regionName: "South East" };

  it("gives the seminar's headline, growth of each comparison, and the breakdowns SEN2 has", () => {
    const view = buildDemandView({
      figures,
      authority: hampshire,
      regionCodes: ["E10000014", "E10000016"],
      neighbours: [{ code: "E10000032", name: "West Sussex" }],
      from: 2015,
      to: 2023,
    });
    expect(view.headline).toBe("EHCPs +192.2% from 2015 to 2023 (England +115.3%)");
    const [own, region, neighbours, england] = view.lines;
    expect([own!.fromValue, own!.toValue]).toEqual([4991, 14583]);
    expect(england!.growth!.toFixed(1)).toBe("115.3");
    // Region: Hampshire + Kent; neighbours: West Sussex alone
    expect(region!.fromValue).toBe(4991 + figures.value("E10000016", "ehcp.total", 2015)!);
    expect(neighbours!.toValue).toBe(figures.value("E10000032", "ehcp.total", 2023));
    expect(view.breakdowns.map((b) => [b.family, b.censusYear])).toEqual([
      ["age", 2022],
      ["setting", 2023],
    ]);
    expect(view.releases).toEqual(["SEN2 2022", "SEN2 2025"]);
    expect(demandGrowthTable(view).rows[0]).toEqual(["Hampshire", 4991, 14583, 192.2]);
    expect(demandSeriesTable(view).rows[0]).toEqual([
      "2010",
      4860,
      figures.value("E10000014", "ehcp.total", 2010)! + figures.value("E10000016", "ehcp.total", 2010)!,
      figures.value("E10000032", "ehcp.total", 2010),
      228221,
    ]);
  });

  it("leaves a neighbours' total out until every neighbour has a comparable figure, and says why", () => {
    const view = buildDemandView({
      figures,
      authority: { code: "E06000057", name: "Northumberland", regionName: "North East" },
      regionCodes: ["E06000057"],
      neighbours: [
        { code: "E06000063", name: "Cumberland" },
        { code: "E08000037", name: "Gateshead" },
      ],
      from: 2015,
      to: 2025,
    });
    const neighbours = view.lines[2]!;
    expect(neighbours.fromValue).toBeNull();
    expect(neighbours.toValue).toBe(2893 + figures.value("E08000037", "ehcp.total", 2025)!);
    expect(view.notes[0]).toContain("Cumberland was formed on 1 April 2023");
    // Northumberland's and Gateshead's old codes (2010–2013) are on today's codes
    expect(figures.value("E06000057", "ehcp.total", 2010)).not.toBeNull();
    expect(figures.value("E08000037", "ehcp.total", 2010)).not.toBeNull();
  });

  it("draws each line indexed to the start year", () => {
    const view = buildDemandView({ figures, authority: hampshire, regionCodes: ["E10000014"], neighbours: [], from: 2015, to: 2025 });
    const lines = indexedLines(view);
    expect(lines[0]!.values[view.years.indexOf(2015)]).toBe(100);
    // 17,784 / 4,991 × 100
    expect(lines[0]!.values.at(-1)!.toFixed(1)).toBe("356.3");
    const layout = layoutDemandSeries({ years: view.years, baseYear: 2015, lines });
    expect(layout.lines.map((l) => l.key)).toEqual(["authority", "region", "neighbours", "england"]);
    expect(layout.lines[2]!.path).toBe("");
    expect(layout.description).toContain("Hampshire: 2010 97, 2011 97");
    expect(layout.description).toContain("England: 2010 95");
  });
});
