import { describe, expect, test } from "vitest";
import { queriedFieldKeys } from "../../app/domain/comments";

describe("queriedFieldKeys", () => {
  test("names the answers of the latest coordinator comment that names any", () => {
    const comments = [
      { authorRole: "coordinator", fieldKeys: ["ehcp.total"] },
      { authorRole: "coordinator", fieldKeys: ["transport.taxi.children", "transport.taxi.spend"] },
      { authorRole: "member", fieldKeys: ["transport.taxi.children"] },
      { authorRole: "coordinator", fieldKeys: [] },
    ];
    expect(queriedFieldKeys(comments)).toEqual(["transport.taxi.children", "transport.taxi.spend"]);
  });

  test("is empty when no coordinator comment names an answer", () => {
    expect(queriedFieldKeys([{ authorRole: "member", fieldKeys: ["ehcp.total"] }])).toEqual([]);
    expect(queriedFieldKeys([])).toEqual([]);
  });
});
