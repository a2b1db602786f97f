import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { type FormEvent, useState } from "react";
import { FileUpload } from "~/components/ui/fields";
import { ErrorSummary } from "~/components/ui/error-summary";
import { UploadErrors, uploadErrorMessage } from "~/components/upload-result";
import type { FileIssue } from "~/domain/returns-file";
import { canImportReturns } from "~/domain/round-lifecycle";
import { fileSizeRefusal, formatFileSize } from "~/domain/spreadsheet-file";
import { importUploadedReturns } from "~/services/bulk-upload.server";
import { requireCoordinatorRound } from "~/utils/coordinator-access.server";
import { flashNotice } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Upload returns: ${data?.roundName ?? "round"} – Benchmark Network` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { round } = await requireCoordinatorRound(request, params.slug);
  return { roundSlug: round.slug, roundName: round.name, canImport: canImportReturns(round.status) };
}

/** Without JavaScript the form posts here; with it, the page's script posts to upload/json to show progress. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { coordinator, round } = await requireCoordinatorRound(request, params.slug);
  const outcome = await importUploadedReturns(request, round, coordinator);
  if (!outcome.ok) return data(outcome, { status: 400 });
  return redirect(`/admin/rounds/${round.slug}`, { headers: { "Set-Cookie": await flashNotice(request, outcome.notice) } });
}

type Progress =
  | { phase: "idle" }
  | { phase: "uploading"; fileName: string; size: number; percent: number }
  | { phase: "importing"; fileName: string }
  | { phase: "failed"; errors: FileIssue[]; fileName: string | null };

const FAILED = "The upload did not reach the service: check your connection and try again";

export default function UploadReturns() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [progress, setProgress] = useState<Progress>({ phase: "idle" });
  const errors = progress.phase === "failed" ? progress.errors : result && !result.ok ? result.errors : [];
  const fileName = progress.phase === "failed" ? progress.fileName : result && !result.ok ? result.fileName : null;
  const message = uploadErrorMessage(errors);
  const busy = progress.phase === "uploading" || progress.phase === "importing";

  // With JavaScript, send the file ourselves so the page can show how much has gone; the server's answer is JSON.
  const upload = (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    const file = (form.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0];
    if (!file) return;
    event.preventDefault();
    // Read the form before the busy state disables its input, which would leave the file out.
    const body = new FormData(form);
    const tooLarge = fileSizeRefusal(file.size);
    if (tooLarge) return setProgress({ phase: "failed", errors: [{ message: tooLarge }], fileName: file.name });
    const request = new XMLHttpRequest();
    request.open("POST", `/admin/rounds/${page.roundSlug}/upload/json`);
    request.responseType = "json";
    request.upload.onprogress = (e) => {
      if (e.lengthComputable)
        setProgress({ phase: "uploading", fileName: file.name, size: file.size, percent: Math.floor((e.loaded / e.total) * 100) });
    };
    request.upload.onload = () => setProgress({ phase: "importing", fileName: file.name });
    request.onload = () => {
      const body = request.response as
        { ok: true; redirectTo: string } | { ok: false; errors: FileIssue[]; fileName: string | null } | null;
      if (body?.ok) window.location.assign(body.redirectTo);
      else setProgress({ phase: "failed", errors: body?.errors ?? [{ message: FAILED }], fileName: body?.fileName ?? file.name });
    };
    request.onerror = () => setProgress({ phase: "failed", errors: [{ message: FAILED }], fileName: file.name });
    setProgress({ phase: "uploading", fileName: file.name, size: file.size, percent: 0 });
    request.send(body);
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <Link to={`/admin/rounds/${page.roundSlug}`} className="govuk-back-link">
          Back to the round
        </Link>
        <ErrorSummary errors={message ? [{ fieldId: "file", message }] : []} />
        <span className="govuk-caption-l">{page.roundName}</span>
        <h1 className="govuk-heading-l">Upload returns</h1>
        {page.canImport ? (
          <>
            <p className="govuk-body">
              Upload many authorities' returns at once: a file with the header row <code>authority_code</code> and the field keys, and one
              row per authority. Start from the{" "}
              <a href={`/admin/rounds/${page.roundSlug}/download?what=template&format=xlsx`} className="govuk-link" download>
                Excel template
              </a>{" "}
              or the{" "}
              <a href={`/admin/rounds/${page.roundSlug}/download?what=template&format=csv`} className="govuk-link" download>
                CSV template
              </a>
              , which list every authority.
            </p>
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                Each row replaces that authority's return and approves it; a blank answer becomes not provided. Rows with no answers are
                left out. If any row has a problem, nothing is imported.
              </strong>
            </div>
            <UploadErrors errors={errors} fileName={fileName} />
            <Form method="post" encType="multipart/form-data" noValidate onSubmit={upload}>
              <FileUpload
                id="file"
                name="file"
                label="Upload a file"
                hint="An Excel workbook (.xlsx) or a CSV file, no larger than 5 MB."
                accept=".xlsx,.csv"
                errors={message ? [message] : undefined}
                disabled={busy}
              />
              {busy ? (
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="upload-progress">
                    {progress.phase === "uploading"
                      ? `Uploading ${progress.fileName} (${formatFileSize(progress.size)})`
                      : `Checking ${progress.fileName} and importing the returns`}
                  </label>
                  {progress.phase === "uploading" ? (
                    <progress id="upload-progress" className="app-progress" max={100} value={progress.percent}>
                      {progress.percent}%
                    </progress>
                  ) : (
                    <progress id="upload-progress" className="app-progress" />
                  )}
                </div>
              ) : null}
              <p className="govuk-visually-hidden" aria-live="polite">
                {progress.phase === "uploading"
                  ? `Uploaded ${Math.floor(progress.percent / 25) * 25}%`
                  : progress.phase === "importing"
                    ? "Upload complete: checking the file"
                    : ""}
              </p>
              <button type="submit" className="govuk-button" data-module="govuk-button" disabled={busy} aria-disabled={busy || undefined}>
                Upload and import
              </button>
            </Form>
          </>
        ) : (
          <p className="govuk-body">This round's results are published. Withdraw them before you upload returns.</p>
        )}
      </div>
    </div>
  );
}
