import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/ui/error-summary";
import { FileUpload } from "~/components/ui/fields";
import { formatCount, formatDate } from "~/domain/format";
import { listSen2Releases } from "~/models/public-statistics.server";
import { importSen2Files } from "~/services/sen2-import.server";
import { requireCoordinator } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { flashNotice } from "~/utils/session.server";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "DfE SEN2 statistics – Benchmark Network" }];

const SELECT_FILES = "Select the release's CSV files: sen2_age_caseload, caseload or sen_needs_all_plans";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const releases = await listSen2Releases(getDb());
  return {
    releases: releases.map((r) => ({
      name: r.name,
      source: r.source,
      files: JSON.parse(r.files) as string[],
      figures: r.figure_count,
      loadedAt: formatDate(r.loaded_at),
    })),
  };
}

/** A release's files, validated like a returns file: any problem, named by file and row, and nothing is written. Returns are never touched. */
export async function action({ request }: ActionFunctionArgs) {
  const coordinator = await requireCoordinator(request);
  const formData = await request.formData();
  const uploads = formData.getAll("files").filter((entry): entry is File => typeof entry !== "string" && entry.size > 0);
  if (uploads.length === 0) return data({ errors: [SELECT_FILES], notices: [] as string[] }, { status: 400 });
  const files = await Promise.all(uploads.map(async (file) => ({ name: file.name.trim().slice(0, 200), text: await file.text() })));
  const result = await importSen2Files(getDb(), files, { actorId: coordinator.id });
  if (!result.ok) return data({ errors: result.errors, notices: [] as string[] }, { status: 400 });
  const { outcome } = result;
  const notice =
    outcome.status === "unchanged"
      ? `DfE ${outcome.releaseName} is already loaded with the same figures: nothing changed`
      : `DfE ${outcome.releaseName} ${outcome.status}: ${formatCount(outcome.figureCount)} figures. ${result.notices.length} notice${result.notices.length === 1 ? "" : "s"} (symbols and breakdowns left out).`;
  return redirect("/admin/reference/sen2", { headers: { "Set-Cookie": await flashNotice(request, notice) } });
}

const MAX_SHOWN = 50;

export default function Sen2Reference() {
  const { releases } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary
          errors={
            errors.length > 0
              ? [
                  {
                    fieldId: "files",
                    message: errors.length === 1 ? errors[0]! : `The files have ${errors.length} problems, so nothing was changed`,
                  },
                ]
              : []
          }
        />
        <h1 className="govuk-heading-l">DfE SEN2 statistics</h1>
        <p className="govuk-body">
          DfE's "Education, health and care plans" statistics (SEN2) pre-fill members' EHCP answers, cross-check them and make up the EHCP
          demand page. They are kept apart from returns: loading a release never changes a return.
        </p>
        <TableScroll label="SEN2 releases loaded">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">Releases loaded</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Release
                </th>
                <th scope="col" className="govuk-table__header">
                  Files
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Figures
                </th>
                <th scope="col" className="govuk-table__header">
                  Loaded
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {releases.map((release) => (
                <tr key={release.name} className="govuk-table__row">
                  <th scope="row" className="govuk-table__header">
                    {release.name}
                  </th>
                  <td className="govuk-table__cell">{release.files.join(", ")}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(release.figures)}</td>
                  <td className="govuk-table__cell">{release.loadedAt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>

        <h2 className="govuk-heading-m">Load a new release</h2>
        {errors.length > 1 ? (
          <div className="govuk-inset-text">
            <ul className="govuk-list govuk-list--bullet">
              {errors.slice(0, MAX_SHOWN).map((error) => (
                <li key={error}>{error}</li>
              ))}
            </ul>
            {errors.length > MAX_SHOWN ? <p className="govuk-body">and {errors.length - MAX_SHOWN} more.</p> : null}
          </div>
        ) : null}
        <Form method="post" encType="multipart/form-data" noValidate>
          <FileUpload
            id="files"
            name="files"
            multiple
            accept=".csv,text/csv"
            label="CSV files of one release"
            hint="From the release's data folder: sen2_age_caseload.csv, caseload.csv and sen_needs_all_plans.csv, as DfE publishes them (6 MB in all at most; load larger files with the command line: npm run cli -- reference import sen2 DIR)."
            errors={
              errors.length === 1
                ? errors
                : errors.length > 1
                  ? [`The files have ${errors.length} problems, listed above, so nothing was changed`]
                  : undefined
            }
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Check and load
          </button>
        </Form>
      </div>
    </div>
  );
}
