import { describe, expect, it } from "vitest";
import { syntheticReturn, withPublicEhcps } from "../../db/demo";

describe("demo returns carry the real SEN2 EHCP figures", () => {
  const synthetic = syntheticReturn("E10000016", 2);

  it("replaces every EHCP answer by SEN2's and leaves transport synthetic", () => {
    const values = withPublicEhcps(synthetic, { "ehcp.total": 20_000, "ehcp.age.under_5": 1_000 });
    expect(values["ehcp.total"]).toBe(20_000);
    expect(values["ehcp.age.under_5"]).toBe(1_000);
    // Synthetic breakdowns would not add up to the real total: left blank.
    expect(values["ehcp.age.5_10"]).toBeUndefined();
    expect(values["ehcp.setting.mainstream"]).toBeUndefined();
    expect(values["transport.special.spend"]).toBe(synthetic["transport.special.spend"]);
    expect(values.population_0_25).toBe(synthetic.population_0_25);
  });

  it("keeps the synthetic answers where SEN2 has no total", () => {
    expect(withPublicEhcps(synthetic, {})).toEqual(synthetic);
    expect(withPublicEhcps(synthetic, { "ehcp.age.under_5": 3 })).toEqual(synthetic);
  });
});
