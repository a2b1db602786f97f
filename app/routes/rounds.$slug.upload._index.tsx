import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { TemplateLinks } from "~/components/template-links";
import { FileUpload } from "~/components/ui/fields";
import { ErrorSummary } from "~/components/ui/error-summary";
import { UploadErrors, uploadErrorMessage } from "~/components/upload-result";
import { getQuestionSet } from "~/domain/question-set";
import type { FileIssue } from "~/domain/returns-file";
import { canMemberEditReturn } from "~/domain/round-lifecycle";
import { listAuthorities } from "~/models/authority.server";
import { savePendingUpload } from "~/models/pending-upload.server";
import { loadCurrentReturn } from "~/services/return-workspace.server";
import { findReturn } from "~/models/return.server";
import { readReturnsFile } from "~/spreadsheets/returns-upload.server";
import { getDb } from "~/utils/db.server";
import { editingClosed, requireMemberRound } from "~/utils/return-access.server";
import { readUploadedFile } from "~/utils/spreadsheet-http.server";

export const meta: MetaFunction = () => [{ title: "Upload your return from a spreadsheet – Benchmark Network" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { member, round } = await requireMemberRound(request, params.slug);
  const returnRow = await findReturn(getDb(), round.id, member.authority_id);
  if (!canMemberEditReturn(round.status, returnRow?.status ?? "not_started")) throw redirect(`/rounds/${round.slug}`);
  return { roundSlug: round.slug, roundName: round.name };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { member, round } = await requireMemberRound(request, params.slug);
  const db = getDb();
  const { returnRow, current } = await loadCurrentReturn(db, round, member.authority_id);
  if (!canMemberEditReturn(round.status, returnRow?.status ?? "not_started")) throw editingClosed();
  const refuse = (errors: FileIssue[], fileName: string | null) => data({ errors, fileName }, { status: 400 });

  const file = await readUploadedFile(await request.formData());
  if (!file.ok) return refuse([{ message: file.message }], null);
  const authorities = await listAuthorities(db);
  const own = authorities.find((authority) => authority.id === member.authority_id)!;
  const result = await readReturnsFile(file.bytes, {
    questionSet: getQuestionSet(round.question_set_version),
    authorityCodes: new Set(authorities.map((authority) => authority.code.toUpperCase())),
    purpose: "draft",
    ownAuthorityCode: own.code.toUpperCase(),
    roundSlug: round.slug,
    current: () => current,
  });
  if (!result.ok) return refuse(result.errors, file.name);
  const { values, cells } = result.returns[0]!;
  const token = await savePendingUpload(db, {
    userId: member.id,
    roundId: round.id,
    authorityId: member.authority_id,
    fileName: file.name,
    payload: { values, cells },
  });
  return redirect(`/rounds/${round.slug}/upload/${token}`);
}

export default function UploadReturn() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const message = uploadErrorMessage(result?.errors ?? []);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <Link to={`/rounds/${page.roundSlug}`} className="govuk-back-link">
          Back to your return
        </Link>
        <ErrorSummary errors={message ? [{ fieldId: "file", message }] : []} />
        <span className="govuk-caption-l">{page.roundName}</span>
        <h1 className="govuk-heading-l">Upload your return from a spreadsheet</h1>
        <ol className="govuk-list govuk-list--number">
          <li>
            Download your return as <TemplateLinks roundSlug={page.roundSlug} />. It holds the answers you have saved so far.
          </li>
          <li>Fill it in. Leave an answer blank if you do not have the figure: blank means not provided, not zero.</li>
          <li>Upload it here. You will see every change before anything is saved.</li>
        </ol>
        <UploadErrors errors={result?.errors ?? []} fileName={result?.fileName ?? null} />
        <Form method="post" encType="multipart/form-data" noValidate>
          <FileUpload
            id="file"
            name="file"
            label="Upload a file"
            hint="An Excel workbook (.xlsx) or a CSV file, no larger than 5 MB. Questions the file leaves out keep their saved answers."
            accept=".xlsx,.csv"
            errors={message ? [message] : undefined}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Upload and check
          </button>
        </Form>
      </div>
    </div>
  );
}
