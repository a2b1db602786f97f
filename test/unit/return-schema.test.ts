import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { QUESTION_SET_V1 } from "~/domain/question-set";
import { buildSectionSchema } from "~/domain/return-schema";

const transportSchema = buildSectionSchema(QUESTION_SET_V1, "transport-send");
const sectionKeys = (sectionId: string) =>
  QUESTION_SET_V1.sections.find((section) => section.id === sectionId)?.fields.map((field) => field.key) ?? [];

describe("buildSectionSchema", () => {
  it("gives every field of the section, keyed by field key, blanks as null", () => {
    const result = transportSchema.parse({
      "transport.special.spend": "£7,500,000",
      "transport.special.children": " 500 ",
      "transport.post16.spend": "",
    });
    expect(Object.keys(result)).toEqual(sectionKeys("transport-send"));
    expect(result["transport.special.spend"]).toBe(7_500_000);
    expect(result["transport.special.children"]).toBe(500);
    expect(result["transport.post16.spend"]).toBeNull();
    expect(result["transport.post19.children"]).toBeNull();
  });

  it("reads the nested payload conform makes of dotted names", () => {
    const result = transportSchema.parse({ transport: { special: { spend: "1,000", children: "10" } } });
    expect(result["transport.special.spend"]).toBe(1000);
    expect(result["transport.special.children"]).toBe(10);
  });

  it("drops inputs that are not fields of the section", () => {
    expect(transportSchema.parse({ "ehcp.total": "5", version: "3" })).not.toHaveProperty("ehcp.total");
  });

  it("reports parseFieldValue's messages on the field keys", () => {
    const result = transportSchema.safeParse({ "transport.special.children": "12.5", "transport.post16.spend": "-£5" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [["transport.special.children"], "Children given transport to special schools must be a whole number, like 120"],
      [["transport.post16.spend"], "Spend on post-16 transport must be 0 or more"],
    ]);
  });

  it("reads yes/no answers", () => {
    const result = buildSectionSchema(QUESTION_SET_V1, "policies").parse({ "policy.post16_charge": "Yes", "policy.pickup_points": "no" });
    expect(result["policy.post16_charge"]).toBe(true);
    expect(result["policy.pickup_points"]).toBe(false);
  });

  it("refuses a section that does not exist", () => {
    expect(() => buildSectionSchema(QUESTION_SET_V1, "nonsense")).toThrow('Question set version 1 has no section "nonsense"');
  });
});

describe("buildSectionSchema with conform", () => {
  const formData = (entries: Record<string, string>) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(entries)) data.append(name, value);
    return data;
  };

  it("gives the values when every input parses", () => {
    const submission = parseWithZod(
      formData({ "transport.special.spend": "£7,500,000", "transport.special.children": "", "transport.post19.children": "40" }),
      {
        schema: transportSchema,
      },
    );
    expect(submission.status).toBe("success");
    if (submission.status !== "success") return;
    expect(submission.value["transport.special.spend"]).toBe(7_500_000);
    expect(submission.value["transport.special.children"]).toBeNull();
    expect(submission.value["transport.post19.children"]).toBe(40);
  });

  it("puts each message under the input of the same name", () => {
    const submission = parseWithZod(formData({ "transport.special.spend": "lots", "transport.special.children": "500" }), {
      schema: transportSchema,
    });
    expect(submission.status).toBe("error");
    expect(submission.reply().error).toEqual({
      "transport.special.spend": ["Spend on special school transport must be a whole number of pounds, like 1250000"],
    });
  });

  it("marks no input required, so a draft can be saved with blanks", () => {
    const constraint = getZodConstraint(transportSchema);
    expect(Object.keys(constraint)).toEqual(sectionKeys("transport-send"));
    expect(constraint["transport.special.spend"]).toEqual({ required: false });
  });
});
