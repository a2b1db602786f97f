import { Link } from "@remix-run/react";
import type { ReturnStatus } from "~/domain/round-lifecycle";
import { humanise, StatusTag } from "./ui/tag";
import type { TableColumn } from "./ui/table";

interface CoordinatorRound {
  slug: string;
  name: string;
  status: string;
  counts: Record<ReturnStatus, number>;
}

/** The columns of a coordinator's lists of rounds (home page, survey rounds), each written once. */
export const ADMIN_ROUND_COLUMN: TableColumn<CoordinatorRound> = {
  header: "Round",
  cell: (round) => (
    <Link to={`/admin/rounds/${round.slug}`} className="govuk-link">
      {round.name}
    </Link>
  ),
};

export const ROUND_STATUS_COLUMN: TableColumn<CoordinatorRound> = {
  header: "Status",
  cell: (round) => <StatusTag status={round.status} />,
};

/** How many of the round's returns have this status. */
export function returnCountColumn(status: ReturnStatus): TableColumn<CoordinatorRound> {
  return { header: humanise(status), numeric: true, cell: (round) => round.counts[status] };
}
