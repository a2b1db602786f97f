import { useForm, getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { TemplateLinks } from "~/components/template-links";
import { FileUpload } from "~/components/ui/fields";
import { ErrorSummary, formErrorItems } from "~/components/ui/error-summary";
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
import { spreadsheetUploadSchema, uploadedFile } from "~/utils/spreadsheet-http.server";

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
  const submission = parseWithZod(await request.formData(), { schema: spreadsheetUploadSchema });
  // Conform's reply carries the one-line message; the table below the summary lists each problem.
  const refuse = (issues: FileIssue[], fileName: string | null) =>
    data(
      { ...submission.reply({ fieldErrors: { file: [uploadErrorMessage(issues) ?? ""] }, hideFields: ["file"] }), issues, fileName },
      { status: 400 },
    );
  if (submission.status !== "success")
    return data({ ...submission.reply({ hideFields: ["file"] }), issues: [], fileName: null }, { status: 400 });
  const file = await uploadedFile(submission.value.file);
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
  const [form, fields] = useForm<z.input<typeof spreadsheetUploadSchema>>({ id: "upload-return", lastResult: result });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <Link to={`/rounds/${page.roundSlug}`} className="govuk-back-link">
          Back to your return
        </Link>
        <ErrorSummary errors={formErrorItems(form, ["file"])} submission={result ?? null} />
        <span className="govuk-caption-l">{page.roundName}</span>
        <h1 className="govuk-heading-l">Upload your return from a spreadsheet</h1>
        <ol className="govuk-list govuk-list--number">
          <li>
            Download your return as <TemplateLinks roundSlug={page.roundSlug} />. It holds the answers you have saved so far.
          </li>
          <li>Fill it in. Leave an answer blank if you do not have the figure: blank means not provided, not zero.</li>
          <li>Upload it here. You will see every change before anything is saved.</li>
        </ol>
        <UploadErrors errors={result?.issues ?? []} fileName={result?.fileName ?? null} />
        <Form method="post" encType="multipart/form-data" {...getFormProps(form, { ariaAttributes: false })}>
          <FileUpload
            id="file"
            name={fields.file.name}
            label="Upload a file"
            hint="An Excel workbook (.xlsx) or a CSV file, no larger than 5 MB. Questions the file leaves out keep their saved answers."
            accept=".xlsx,.csv"
            errors={fields.file.errors}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Upload and check
          </button>
        </Form>
      </div>
    </div>
  );
}
