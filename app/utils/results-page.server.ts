import type { RoundResults } from "../models/round-results.server";

/** What every results page's header needs, from the round's results. */
export function resultsHeaderData(results: RoundResults) {
  const realTerms = results.realTerms;
  return {
    slug: results.round.slug,
    roundName: results.round.name,
    realTermsNote: realTerms.available
      ? `Real-terms figures are in ${realTerms.baseYear} prices (HM Treasury GDP deflators).`
      : realTerms.reason,
  };
}
