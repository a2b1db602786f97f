import { type LoaderFunctionArgs } from "@remix-run/node";
import { buildBriefingPack } from "~/services/briefing-pack.server";
import { renderPackPdf } from "~/utils/pack-pdf.server";

/** The briefing pack as an A4 PDF: the same document as the page, drawn by PDFKit. */
export async function loader(args: LoaderFunctionArgs) {
  const pack = await buildBriefingPack(args.request, args.params.slug);
  const pdf = await renderPackPdf(pack);
  const name = `${args.params.slug}-briefing-pack-${pack.subject}`.replace(/[^a-z0-9-]+/gi, "-").toLowerCase();
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${name}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
