import type { ReactNode } from "react";

/**
 * A table that may be wider than a phone: it scrolls sideways inside this box, never the page. The
 * box is a named region a keyboard can focus, so it can be scrolled without a mouse (axe
 * scrollable-region-focusable).
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="app-table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
