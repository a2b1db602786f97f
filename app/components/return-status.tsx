import { StatusTag } from "~/components/ui/tag";
import { formatDate, formatDateTime } from "~/domain/format";

export interface ReopenRequestSummary {
  status: string;
  requestedAt: string;
  decidedAt: string | null;
  decisionComment: string | null;
}

/** Where a member's return stands: its status, the round's and when it closes, and a warning when it was queried or reopened. */
export function ReturnStatusSummary({
  status,
  round,
  reopen,
}: {
  status: string;
  round: { status: string; closesOn: string | null };
  reopen: ReopenRequestSummary | null;
}) {
  return (
    <>
      <dl className="govuk-summary-list govuk-summary-list--no-border">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Your return</dt>
          <dd className="govuk-summary-list__value">
            <StatusTag status={status} />
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Round</dt>
          <dd className="govuk-summary-list__value">
            <StatusTag status={round.status} />
            {round.closesOn ? ` closes on ${formatDate(round.closesOn)}` : null}
          </dd>
        </div>
      </dl>
      {status === "queried" ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            {reopen?.status === "granted"
              ? "Your coordinator reopened this return at your request. Change your answers, then submit again."
              : "Your coordinator has queried this return. Read their comment below, correct your answers, then submit again."}
          </strong>
        </div>
      ) : null}
    </>
  );
}

/** What became of the member's request to reopen their return: waiting for the coordinator, or declined (while the return stays closed). */
export function ReopenRequestStatus({ reopen, editable }: { reopen: ReopenRequestSummary | null; editable: boolean }) {
  if (reopen?.status === "pending") {
    return (
      <div className="govuk-inset-text" id="reopen-status">
        You asked your coordinator to reopen this return on {formatDateTime(reopen.requestedAt)}. They will grant or decline the request,
        and you will get an email.
      </div>
    );
  }
  if (reopen?.status === "declined" && !editable) {
    return (
      <div className="govuk-inset-text" id="reopen-status">
        Your coordinator declined your request to reopen this return
        {reopen.decidedAt ? ` on ${formatDateTime(reopen.decidedAt)}` : ""}
        {reopen.decisionComment ? `: ${reopen.decisionComment}` : "."}
      </div>
    );
  }
  return null;
}
