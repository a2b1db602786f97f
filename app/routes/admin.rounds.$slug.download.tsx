import { type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { type ExportTable, metricsExportTable, returnsExportTable, statisticsExportTable } from "~/domain/exports";
import { getQuestionSet } from "~/domain/question-set";
import { coordinatorTemplateWorkbook, wideTemplateRows } from "~/domain/return-templates";
import { tableSheet } from "~/domain/workbook";
import { listAuthorities } from "~/models/authority.server";
import { listRoundMetrics, listRoundStatistics } from "~/models/metrics.server";
import { listApprovedReturns } from "~/models/return.server";
import { notFound } from "~/utils/auth.server";
import { requireCoordinatorRound } from "~/utils/coordinator-access.server";
import { getDb } from "~/utils/db.server";
import { requestedFormat, spreadsheetResponse } from "~/utils/spreadsheet-http.server";

const whatSchema = z.enum(["template", "returns", "metrics", "statistics"]);

const SHEET_NAMES = { returns: "Approved returns", metrics: "Metrics", statistics: "Statistics" } as const;

/**
 * A round's spreadsheets for coordinators, identified: the blank template for every authority, the
 * approved returns in the import layout, and the metrics and statistics as the command line exports them.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { round } = await requireCoordinatorRound(request, params.slug);
  const what = whatSchema.safeParse(new URL(request.url).searchParams.get("what"));
  if (!what.success) throw notFound();
  const format = requestedFormat(request);
  const db = getDb();
  const questionSet = getQuestionSet(round.question_set_version);
  const name = `${round.slug}-${what.data}`;
  if (what.data === "template") {
    const authorities = await listAuthorities(db);
    return format === "xlsx"
      ? spreadsheetResponse(name, {
          xlsx: coordinatorTemplateWorkbook({
            questionSet,
            round: { slug: round.slug, name: round.name },
            authorities: authorities.map((a) => ({ code: a.code, name: a.name, regionName: a.region_name })),
          }),
        })
      : spreadsheetResponse(name, {
          csv: wideTemplateRows(
            questionSet,
            authorities.map((a) => ({ authorityCode: a.code, values: {} })),
          ),
        });
  }
  let table: ExportTable;
  if (what.data === "metrics") table = metricsExportTable(round.slug, await listRoundMetrics(db, round.id));
  else if (what.data === "statistics") table = statisticsExportTable(round.slug, await listRoundStatistics(db, round.id));
  else table = returnsExportTable(questionSet, await listApprovedReturns(db, round.id));
  return format === "xlsx"
    ? spreadsheetResponse(name, {
        xlsx: { title: `${round.name}: ${SHEET_NAMES[what.data].toLowerCase()}`, sheets: [tableSheet(SHEET_NAMES[what.data], table)] },
      })
    : spreadsheetResponse(name, { csv: [table.columns, ...table.rows] });
}
