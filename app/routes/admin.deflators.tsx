import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, formErrorItems } from "~/components/ui/error-summary";
import { FileUpload, TextInput } from "~/components/ui/fields";
import { deflatorSourceSchema, parseDeflatorCsv } from "~/domain/deflators";
import { formatDate } from "~/domain/format";
import { findDeflatorSource, listDeflators } from "~/models/deflator.server";
import { listRoundsRealTerms, replaceDeflatorsAndRecompute } from "~/services/recompute.server";
import { requireCoordinator } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { flashNotice } from "~/utils/session.server";
import { TableScroll } from "~/components/table-scroll";

const MAX_FILE_BYTES = 1_000_000;

const uploadSchema = deflatorSourceSchema.extend({
  file: z
    .file({ error: "Select a CSV file of deflators" })
    .max(MAX_FILE_BYTES, "The file must be smaller than 1 MB: a deflator table is a few hundred bytes"),
});

export const meta: MetaFunction = () => [{ title: "GDP deflators – Benchmark Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const db = getDb();
  const [deflators, source, rounds] = await Promise.all([listDeflators(db), findDeflatorSource(db), listRoundsRealTerms(db)]);
  return { deflators, source: source ?? null, rounds };
}

export async function action({ request }: ActionFunctionArgs) {
  const coordinator = await requireCoordinator(request);
  const submission = parseWithZod(await request.formData(), { schema: uploadSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["file"] }), { status: 400 });
  const { file, source, releasedOn } = submission.value;
  const table = parseDeflatorCsv(await file.text());
  if (!table.ok) return data(submission.reply({ fieldErrors: { file: table.errors }, hideFields: ["file"] }), { status: 400 });
  const recomputed = await getDb()
    .transaction()
    .execute((trx) =>
      replaceDeflatorsAndRecompute(trx, {
        deflators: table.deflators,
        source: { source, releasedOn: releasedOn ?? null },
        actorId: coordinator.id,
      }),
    );
  const notice = `Deflators replaced: ${table.deflators.length} financial years. Metrics recomputed for ${recomputed.length} round${recomputed.length === 1 ? "" : "s"}.`;
  return redirect("/admin/deflators", { headers: { "Set-Cookie": await flashNotice(request, notice) } });
}

const FIELD_ORDER = ["file", "source", "releasedOn"] as const;

export default function Deflators() {
  const { deflators, source, rounds } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof uploadSchema>>({ id: "replace-deflators", lastResult });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={formErrorItems(form, FIELD_ORDER)} submission={lastResult ?? null} />
        <h1 className="govuk-heading-l">GDP deflators</h1>
        <p className="govuk-body">
          Real-terms unit costs are unit costs in the prices of a round's price base year, using HM Treasury's GDP deflators by financial
          year. Replacing the table recomputes every round.
        </p>

        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Source</dt>
            <dd className="govuk-summary-list__value">{source?.source ?? "No deflators are loaded"}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Released</dt>
            <dd className="govuk-summary-list__value">{source?.releasedOn ? formatDate(source.releasedOn) : "Not given"}</dd>
          </div>
        </dl>

        <TableScroll label="Current deflators">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">Current table</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Financial year
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Index
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {deflators.map((deflator) => (
                <tr key={deflator.financial_year} className="govuk-table__row">
                  <td className="govuk-table__cell">{deflator.financial_year}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{deflator.index}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>

        {rounds.length > 0 ? (
          <TableScroll label="Real-terms figures by round">
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--m">Real-terms figures by round</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Round
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Financial year
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Real-terms figures
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {rounds.map((round) => (
                  <tr key={round.slug} className="govuk-table__row">
                    <td className="govuk-table__cell">
                      <Link to={`/admin/rounds/${round.slug}`} className="govuk-link">
                        {round.name}
                      </Link>
                    </td>
                    <td className="govuk-table__cell">{round.financialYear}</td>
                    <td className="govuk-table__cell">
                      {round.realTerms.available ? `In ${round.realTerms.baseYear} prices` : round.realTerms.reason}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : null}

        <h2 className="govuk-heading-m">Replace the deflators</h2>
        <Form method="post" encType="multipart/form-data" {...getFormProps(form, { ariaAttributes: false })}>
          <FileUpload
            id="file"
            name={fields.file.name}
            label="Deflator file (CSV)"
            hint="The header financial_year,index, then one row per financial year, like 2024-25,100. It replaces the whole table."
            accept=".csv,text/csv"
            errors={fields.file.errors}
          />
          <TextInput
            id="source"
            name={fields.source.name}
            label="Source"
            hint="Where the figures come from, shown beside real-terms figures. For example: HM Treasury, GDP deflators at market prices, June 2026 release."
            defaultValue={fields.source.defaultValue ?? ""}
            errors={fields.source.errors}
          />
          <TextInput
            id="releasedOn"
            name={fields.releasedOn.name}
            label="Release date (optional)"
            hint="The date the source published these figures, written like 2026-06-30."
            widthClass="govuk-input--width-10"
            defaultValue={fields.releasedOn.defaultValue ?? ""}
            errors={fields.releasedOn.errors}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Upload and recompute
          </button>
        </Form>
      </div>
    </div>
  );
}
