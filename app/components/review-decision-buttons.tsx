/** What a coordinator may decide on a return, as the buttons of its one decision form (each sends its intent). */
export function ReviewDecisionButtons({ can }: { can: { query: boolean; approve: boolean; unapprove: boolean; decideReopen: boolean } }) {
  return (
    <div className="govuk-button-group">
      {can.decideReopen ? (
        <>
          <button type="submit" name="intent" value="reopen-grant" className="govuk-button" data-module="govuk-button">
            Grant the request to reopen
          </button>
          <button
            type="submit"
            name="intent"
            value="reopen-decline"
            className="govuk-button govuk-button--secondary"
            data-module="govuk-button"
          >
            Decline the request
          </button>
        </>
      ) : null}
      {can.approve ? (
        <button type="submit" name="intent" value="approve" className="govuk-button" data-module="govuk-button">
          Approve
        </button>
      ) : null}
      {can.query ? (
        <button type="submit" name="intent" value="query" className="govuk-button govuk-button--warning" data-module="govuk-button">
          Query with comment
        </button>
      ) : null}
      {can.unapprove ? (
        <button type="submit" name="intent" value="unapprove" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Withdraw approval
        </button>
      ) : null}
      <button type="submit" name="intent" value="comment" className="govuk-button govuk-button--secondary" data-module="govuk-button">
        Add comment only
      </button>
    </div>
  );
}
