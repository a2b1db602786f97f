import { describe, expect, test } from "vitest";
import { QUESTION_SET_V1, defineQuestionSet } from "~/domain/question-set";
import { wideTemplateRows } from "~/domain/return-templates";
import { describeCell, reviewUpload } from "~/domain/upload-review";

const at = (row: number) => ({ sheet: "Population and EHCPs", row, column: "E" });

describe("reviewUpload", () => {
  test("lists only the answers the file changes, saved against uploaded, with where each is", () => {
    const review = reviewUpload(
      QUESTION_SET_V1,
      {
        values: { population_0_25: 210_000, "ehcp.total": 6_000, "policy.pickup_points": true, "hnb.outturn": null },
        cells: { population_0_25: at(8), "ehcp.total": at(9) },
      },
      { values: { population_0_25: 200_000, "ehcp.total": 6_000, "hnb.outturn": 5_000_000, "mode.taxi": 10 } },
    );
    expect(review.changes).toEqual([
      {
        key: "population_0_25",
        label: "Population aged 0 to 25",
        sectionTitle: "Population and EHCPs",
        saved: "200,000",
        uploaded: "210,000",
        at: at(8),
      },
      {
        key: "hnb.outturn",
        label: "High needs block outturn",
        sectionTitle: "High needs funding",
        saved: "£5,000,000",
        uploaded: "Not provided",
        at: null,
      },
      {
        key: "policy.pickup_points",
        label: "Pick-up points",
        sectionTitle: "Transport policies",
        saved: "Not provided",
        uploaded: "Yes",
        at: null,
      },
    ]);
    expect(review.errors).toEqual([]);
    expect(describeCell(at(8))).toBe('sheet "Population and EHCPs", cell E8');
  });

  test("refuses, like a form, only errors in the answers the file gives; warns against the previous round", () => {
    const ages = {
      "ehcp.age.under_5": 100,
      "ehcp.age.5_10": 2_000,
      "ehcp.age.11_15": 2_000,
      "ehcp.age.16_19": 1_000,
      "ehcp.age.20_25": 500,
    };
    // The file changes the total so that the saved age breakdown (5,600) no longer adds up: a form saving the total alone would allow it.
    const totalOnly = reviewUpload(QUESTION_SET_V1, { values: { "ehcp.total": 6_000 }, cells: {} }, { values: ages });
    expect(totalOnly.errors).toEqual([]);
    const withAges = reviewUpload(
      QUESTION_SET_V1,
      { values: { ...ages, "ehcp.total": 6_000 }, cells: { "ehcp.age.under_5": at(9) } },
      { values: {} },
    );
    expect(withAges.errors).toEqual([
      {
        ...at(9),
        field: "ehcp.age.under_5",
        message: "EHCPs by age band add up to 5,600, but the number of EHCPs maintained is 6,000 — correct the breakdown or the total",
      },
    ]);
    const grown = reviewUpload(
      QUESTION_SET_V1,
      { values: { population_0_25: 400_000 }, cells: { population_0_25: at(8) } },
      { values: {}, previous: { population_0_25: 200_000 } },
    );
    expect(grown.warnings).toEqual([
      {
        ...at(8),
        field: "population_0_25",
        message: "Population aged 0 to 25 went up by 100.0% since the previous round, from 200,000 to 400,000 — check, or explain",
      },
    ]);
  });
});

describe("templates", () => {
  test("the wide layout puts labels above the keys, numbers as numbers and yes/no as words", () => {
    const [labels, keys, row] = wideTemplateRows(QUESTION_SET_V1, [
      { authorityCode: "E09000002", values: { "dsg.cumulative_deficit": -250_000, "policy.pickup_points": false } },
    ]);
    expect(labels!.slice(0, 2)).toEqual(["Authority code (ONS)", "Population aged 0 to 25 (people)"]);
    expect(keys).toEqual(["authority_code", ...QUESTION_SET_V1.fields.map((field) => field.key)]);
    expect(row![keys!.indexOf("dsg.cumulative_deficit")]).toBe(-250_000);
    expect(row![keys!.indexOf("policy.pickup_points")]).toBe("no");
    expect(row![keys!.indexOf("population_0_25")]).toBeNull();
  });

  test("a section whose title cannot be a sheet name needs a short title", () => {
    const section = { id: "long", title: "A section title far longer than Excel allows", fields: [] };
    expect(() => defineQuestionSet({ version: 99, sections: [section], breakdowns: [] })).toThrow(
      'section "long" needs a short title of at most 31 characters, without : \\ / ? * [ ], for its sheet name',
    );
    expect(() => defineQuestionSet({ version: 99, sections: [{ ...section, shortTitle: "Long" }], breakdowns: [] })).not.toThrow();
  });
});
