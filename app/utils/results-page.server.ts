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

/** Where a view's CSV comes from: the same builders as the page, through one download route. */
export function downloadHref(slug: string, view: string, params: Record<string, string> = {}): string {
  return `/results/${slug}/download?${new URLSearchParams({ view, ...params }).toString()}`;
}
