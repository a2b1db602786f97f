import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FileProblems } from "~/components/file-problems";
import { QuestionLabel } from "~/components/question-label";
import { ErrorSummary } from "~/components/ui/error-summary";
import { canMemberEditReturn } from "~/domain/round-lifecycle";
import { describeCell } from "~/domain/upload-review";
import { deletePendingUpload } from "~/models/pending-upload.server";
import { loadUploadReview } from "~/services/return-workspace.server";
import { StaleReturnError, writeReturnValues } from "~/models/return.server";
import { notFound } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { editingClosed, formVersion, requireMemberRound } from "~/utils/return-access.server";
import { flashNotice } from "~/utils/session.server";
import { pluralise } from "~/domain/format";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Check the changes from your file – Benchmark Network" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { member, round } = await requireMemberRound(request, params.slug);
  const { returnRow, upload } = await loadUploadReview(getDb(), {
    token: params.token ?? "",
    userId: member.id,
    round,
    authorityId: member.authority_id,
  });
  if (!canMemberEditReturn(round.status, returnRow?.status ?? "not_started")) throw redirect(`/rounds/${round.slug}`);
  const page = { roundSlug: round.slug, roundName: round.name };
  if (!upload) return data({ ...page, upload: null }, { status: 404 });
  return { ...page, upload: { fileName: upload.pending.fileName, version: returnRow?.version ?? 0, ...upload.review } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { member, round } = await requireMemberRound(request, params.slug);
  const db = getDb();
  const { returnRow, upload } = await loadUploadReview(db, {
    token: params.token ?? "",
    userId: member.id,
    round,
    authorityId: member.authority_id,
  });
  if (!canMemberEditReturn(round.status, returnRow?.status ?? "not_started")) throw editingClosed();
  if (!upload) throw notFound();
  const { pending, review } = upload;
  if (review.errors.length > 0) return data({ conflict: false }, { status: 400 });
  const formData = await request.formData();
  try {
    await db.transaction().execute(async (trx) => {
      await writeReturnValues(trx, {
        roundId: round.id,
        authorityId: member.authority_id,
        values: pending.payload.values,
        status: returnRow && returnRow.status !== "not_started" ? returnRow.status : "draft",
        actorId: member.id,
        action: "return.upload",
        expectedVersion: formVersion(formData),
      });
      await deletePendingUpload(trx, pending.token);
    });
  } catch (error) {
    if (!(error instanceof StaleReturnError)) throw error;
    return data({ conflict: true }, { status: 409 });
  }
  const changed = review.changes.length;
  const notice = `Answers from ${pending.fileName} saved: ${pluralise(changed, "answer", "answers")} changed`;
  return redirect(`/rounds/${round.slug}`, { headers: { "Set-Cookie": await flashNotice(request, notice) } });
}

export default function UploadPreview() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const back = (
    <Link to={`/rounds/${page.roundSlug}`} className="govuk-back-link">
      Back to your return
    </Link>
  );
  if (!page.upload) {
    return (
      <>
        {back}
        <h1 className="govuk-heading-l">This upload has expired or has been saved</h1>
        <p className="govuk-body">
          An uploaded file waits an hour for you to check it, and can be saved once.{" "}
          <Link to={`/rounds/${page.roundSlug}/upload`} className="govuk-link">
            Upload the file again
          </Link>
          .
        </p>
      </>
    );
  }
  const { upload } = page;
  return (
    <>
      {back}
      <ErrorSummary
        errors={
          upload.errors.length > 0
            ? [
                {
                  message: `The file has ${pluralise(upload.errors.length, "problem", "problems")}, so its answers cannot be saved: correct the file and upload it again`,
                },
              ]
            : []
        }
      />
      {result?.conflict ? (
        <div className="govuk-error-summary" role="alert" tabIndex={-1}>
          <h2 className="govuk-error-summary__title">Someone else changed this return since you checked the changes</h2>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">
              Nothing has been saved. The changes below are now shown against the latest saved answers: check them, then save again.
            </p>
          </div>
        </div>
      ) : null}
      <span className="govuk-caption-l">{page.roundName}</span>
      <h1 className="govuk-heading-l">Check the changes from your file</h1>
      <p className="govuk-body">
        File: <strong>{upload.fileName}</strong>. Questions the file leaves out keep their saved answers; a blank answer in the file becomes
        not provided.
      </p>
      {upload.errors.length > 0 ? <FileProblems issues={upload.errors} caption="Problems in the file" /> : null}
      {upload.changes.length === 0 ? (
        <p className="govuk-body">The file gives the same answers as your saved return: there is nothing to change.</p>
      ) : (
        <TableScroll label="Answers your file changes">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">
              {pluralise(upload.changes.length, "answer changes", "answers change")}
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Question
                </th>
                <th scope="col" className="govuk-table__header">
                  Saved answer
                </th>
                <th scope="col" className="govuk-table__header">
                  Answer in the file
                </th>
                <th scope="col" className="govuk-table__header">
                  Where in the file
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {upload.changes.map((change) => (
                <tr key={change.key} className="govuk-table__row">
                  <th scope="row" className="govuk-table__header">
                    <QuestionLabel
                      label={change.label}
                      hint={
                        <>
                          {change.sectionTitle} · <code>{change.key}</code>
                        </>
                      }
                    />
                  </th>
                  <td className="govuk-table__cell">{change.saved}</td>
                  <td className="govuk-table__cell">{change.uploaded}</td>
                  <td className="govuk-table__cell">{change.at ? describeCell(change.at) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {upload.warnings.length > 0 ? (
        <>
          <FileProblems issues={upload.warnings} caption="Warnings" />
          <p className="govuk-body">
            You can save answers that raise warnings: you will be asked to explain each one when you submit your return.
          </p>
        </>
      ) : null}
      {upload.errors.length === 0 && upload.changes.length > 0 ? (
        <Form method="post" noValidate>
          <input type="hidden" name="version" value={upload.version} />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" data-module="govuk-button">
              Save these answers
            </button>
            <Link to={`/rounds/${page.roundSlug}`} className="govuk-link">
              Cancel
            </Link>
          </div>
        </Form>
      ) : (
        <p className="govuk-body">
          <Link to={`/rounds/${page.roundSlug}/upload`} className="govuk-link">
            Upload another file
          </Link>
        </p>
      )}
    </>
  );
}
