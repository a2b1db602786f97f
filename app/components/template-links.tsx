/** "an Excel workbook or a CSV file": the member's return as a spreadsheet, filled with their saved answers. */
export function TemplateLinks({ roundSlug }: { roundSlug: string }) {
  return (
    <>
      an{" "}
      <a href={`/rounds/${roundSlug}/template?format=xlsx`} className="govuk-link" download>
        Excel workbook
      </a>{" "}
      or a{" "}
      <a href={`/rounds/${roundSlug}/template?format=csv`} className="govuk-link" download>
        CSV file
      </a>
    </>
  );
}
