import { describe, expect, test } from "vitest";
import {
  RETURN_STATUSES,
  ROUND_STATUSES,
  type ReturnStatus,
  type RoundStatus,
  canApproveReturn,
  canImportReturns,
  canMemberEditReturn,
  canQueryReturn,
  canSubmitReturn,
  canTransitionRound,
  canUnapproveReturn,
  roundTransitionLabel,
  roundTransitionRefusal,
  roundTransitionsFrom,
} from "~/domain/round-lifecycle";

/** Every (from, to) pair for which `rule` holds, written "from→to". */
function allowedPairs<A extends string, B extends string>(as: readonly A[], bs: readonly B[], rule: (a: A, b: B) => boolean) {
  return as.flatMap((a) => bs.filter((b) => rule(a, b)).map((b) => `${a}→${b}`));
}

describe("round transitions", () => {
  test("allow exactly draft→open, open→closed, closed→open, closed→published and published→closed", () => {
    expect(allowedPairs(ROUND_STATUSES, ROUND_STATUSES, canTransitionRound)).toEqual([
      "draft→open",
      "open→closed",
      "closed→open",
      "closed→published",
      "published→closed",
    ]);
  });

  test("have plain-English labels, and none for a move that is not allowed", () => {
    expect(roundTransitionLabel("draft", "open")).toBe("Open the round");
    expect(roundTransitionLabel("closed", "open")).toBe("Re-open the round");
    expect(roundTransitionLabel("closed", "published")).toBe("Publish the results");
    expect(roundTransitionLabel("published", "closed")).toBe("Withdraw the published results");
    expect(roundTransitionLabel("draft", "published")).toBeNull();
  });

  test("list the moves from a status in button order", () => {
    expect(roundTransitionsFrom("closed").map((t) => t.to)).toEqual(["open", "published"]);
    expect(roundTransitionsFrom("draft").map((t) => t.to)).toEqual(["open"]);
  });

  test("explain a refusal by naming what can be done instead", () => {
    expect(roundTransitionRefusal("draft", "published")).toBe(
      "A draft round cannot become published: from draft you can only open the round (open)",
    );
    expect(roundTransitionRefusal("closed", "draft")).toBe(
      "A closed round cannot become draft: from closed you can only re-open the round (open) or publish the results (published)",
    );
    expect(roundTransitionRefusal("open", "open")).toBe("The round is already open");
    expect(roundTransitionRefusal("open", "closed")).toBeNull();
  });
});

describe("return rules", () => {
  const pairs = (rule: (round: RoundStatus, status: ReturnStatus) => boolean) => allowedPairs(ROUND_STATUSES, RETURN_STATUSES, rule);

  test("a member edits only while the round is open and the return is not started, a draft or queried", () => {
    expect(pairs(canMemberEditReturn)).toEqual(["open→not_started", "open→draft", "open→queried"]);
  });

  test("a member submits a draft or answers a query, only while the round is open", () => {
    expect(pairs(canSubmitReturn)).toEqual(["open→draft", "open→queried"]);
  });

  test("a coordinator queries a submitted or approved return in an open or closed round", () => {
    expect(pairs(canQueryReturn)).toEqual(["open→submitted", "open→approved", "closed→submitted", "closed→approved"]);
  });

  test("a coordinator approves a submitted return, and un-approves an approved one, until the round is published", () => {
    expect(pairs(canApproveReturn)).toEqual(["open→submitted", "closed→submitted"]);
    expect(pairs(canUnapproveReturn)).toEqual(["open→approved", "closed→approved"]);
  });

  test("returns are imported into any round that is not published", () => {
    expect(ROUND_STATUSES.filter(canImportReturns)).toEqual(["draft", "open", "closed"]);
  });
});
