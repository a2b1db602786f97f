/** Where a view's CSV comes from: the same builders as the page, through one download route. */
export function downloadHref(slug: string, view: string, params: Record<string, string> = {}): string {
  return `/results/${slug}/download?${new URLSearchParams({ view, ...params }).toString()}`;
}
