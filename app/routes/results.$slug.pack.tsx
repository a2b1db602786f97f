import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ChartImageLinks, TextTable } from "~/components/view-table";
import type { PackBlock } from "~/domain/briefing-pack";
import { buildBriefingPack } from "~/services/briefing-pack.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.pack.title ?? "Briefing pack"} – ${data?.pack.roundName ?? ""} – Benchmark Network` },
];

/** The A4 print stylesheet: page breaks, no navigation, the service font, charts sized for paper. */
export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/pack.css" }];

/** One print-ready document for a member's authority or a regional viewer's group. */
export async function loader(args: LoaderFunctionArgs) {
  const pack = await buildBriefingPack(args.request, args.params.slug);
  return { pack, slug: args.params.slug! };
}

function Block({ block }: { block: PackBlock }) {
  switch (block.kind) {
    case "paragraph":
      return <p className={block.lead ? "govuk-body-l" : "govuk-body"}>{block.text}</p>;
    case "list":
      return (
        <ul className="govuk-list govuk-list--bullet">
          {block.items.map((item, i) => (
            <li key={i}>{item}</li>
          ))}
        </ul>
      );
    case "table":
      return <TextTable table={block.table} />;
    case "figure":
      return (
        <figure className="app-figure app-pack__figure">
          {block.caption ? <figcaption className="govuk-body">{block.caption}</figcaption> : null}
          {/* The chart's own server-rendered SVG, as on the results pages: on a phone its narrow layout, in print the wide one. */}
          <div
            className={`app-pack__chart${block.narrowSvg ? " app-figure__chart--wide" : ""}`}
            dangerouslySetInnerHTML={{ __html: block.svg }}
          />
          {block.narrowSvg ? (
            <div className="app-pack__chart app-figure__chart--narrow" dangerouslySetInnerHTML={{ __html: block.narrowSvg }} />
          ) : null}
          {block.imageHref ? <ChartImageLinks href={block.imageHref} caption={block.title} /> : null}
          {block.table ? <TextTable table={block.table} /> : null}
        </figure>
      );
  }
}

export default function BriefingPack() {
  const { pack, slug } = useLoaderData<typeof loader>();
  return (
    <article className="app-pack">
      <div className="app-pack__actions">
        <p className="govuk-body">
          <Link to={`/results/${slug}`} className="govuk-link">
            Back to the results
          </Link>
        </p>
        <p className="govuk-body">
          Print this page (it is laid out for A4 paper) or{" "}
          <a href={`/results/${slug}/pack/pdf`} className="govuk-link" download>
            download it as a PDF
          </a>
          .
        </p>
      </div>
      <span className="govuk-caption-l">{pack.roundName}</span>
      <h1 className="govuk-heading-xl">{pack.title}</h1>
      <nav aria-label="Sections of the pack" className="app-pack__contents">
        <h2 className="govuk-heading-s">Contents</h2>
        <ol className="govuk-list govuk-list--number">
          {pack.sections.map((section) => (
            <li key={section.id}>
              <a href={`#${section.id}`} className="govuk-link">
                {section.title}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      {pack.sections.map((section) => (
        <section key={section.id} id={section.id} aria-labelledby={`${section.id}-heading`} className="app-pack__section">
          <h2 className="govuk-heading-l" id={`${section.id}-heading`}>
            {section.title}
          </h2>
          {section.blocks.map((block, i) => (
            <Block key={i} block={block} />
          ))}
        </section>
      ))}
    </article>
  );
}
