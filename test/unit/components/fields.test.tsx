/**
 * The GOV.UK field components' markup, rendered on the "server" as a page without JavaScript gets it:
 * ids, names and values the routes and tests rely on, the error state, and aria-describedby naming
 * the hint and the error.
 */
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Checkboxes, Radios, Select, Textarea, TextInput } from "~/components/ui/fields";

const html = (element: ReactElement): string => renderToStaticMarkup(element);

/** The opening tag of the element with this id. */
function tagWithId(markup: string, id: string): string {
  const match = new RegExp(`<[a-z]+[^>]*\\sid="${id}"[^>]*>`).exec(markup);
  if (!match) throw new Error(`no element with id ${id} in ${markup}`);
  return match[0];
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

const ROLES = [
  { value: "member", label: "Member" },
  { value: "regional_viewer", label: "Regional viewer" },
  { value: "coordinator", label: "Coordinator" },
];

describe("Radios", () => {
  it("draws a fieldset with its legend, the first radio carrying the group's id and the rest <id>-<value>", () => {
    const markup = html(<Radios name="role" legend="Role" items={ROLES} defaultValue="regional_viewer" />);
    expect(markup).toMatch(/^<div class="govuk-form-group"><fieldset class="govuk-fieldset">/);
    expect(markup).toContain('<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Role</legend>');
    expect(markup).toContain('<div class="govuk-radios" data-module="govuk-radios">');
    expect(tagWithId(markup, "role")).toContain('value="member"');
    expect(tagWithId(markup, "role-coordinator")).toContain('name="role"');
    expect(markup).toContain('<label class="govuk-label govuk-radios__label" for="role-regional_viewer">Regional viewer</label>');
    // Only the chosen value is checked.
    expect(tagWithId(markup, "role-regional_viewer")).toContain('checked=""');
    expect(tagWithId(markup, "role")).not.toContain("checked");
    expect(tagWithId(markup, "role-coordinator")).not.toContain("checked");
    // No hint or error: nothing to describe the fieldset by.
    expect(markup).not.toContain("aria-describedby");
  });

  it("in error: the group is marked, the message has a visually hidden 'Error:' and the fieldset is described by hint then error", () => {
    const markup = html(<Radios name="role" legend="Role" hint="What they may see" errors={["Select a role"]} items={ROLES} />);
    expect(markup).toMatch(/^<div class="govuk-form-group govuk-form-group--error">/);
    expect(attribute(tagWithId(markup, "role-hint"), "class")).toBe("govuk-hint");
    expect(markup).toContain(
      '<p id="role-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> Select a role</p>',
    );
    expect(attribute(/<fieldset[^>]*>/.exec(markup)![0], "aria-describedby")).toBe("role-hint role-error");
    // The hint comes before the error message, and both before the radios.
    expect(markup.indexOf("role-hint")).toBeLessThan(markup.indexOf("role-error"));
    expect(markup.indexOf("role-error")).toBeLessThan(markup.indexOf("govuk-radios__item"));
  });

  it("adds further descriptions between hint and error, and draws inline and small variants", () => {
    const markup = html(
      <Radios
        id="ehcp-charge"
        name="ehcp.charge"
        legend="Do you charge?"
        hint="Post-16 only"
        describedBy="ehcp-charge-queried"
        aside={<p id="ehcp-charge-queried">Your coordinator asked about this answer</p>}
        errors={["Choose one"]}
        inline
        small
        items={[
          { value: "yes", label: "Yes" },
          { value: "", label: "Not answered" },
        ]}
      />,
    );
    expect(attribute(/<fieldset[^>]*>/.exec(markup)![0], "aria-describedby")).toBe(
      "ehcp-charge-hint ehcp-charge-queried ehcp-charge-error",
    );
    expect(markup).toContain('class="govuk-radios govuk-radios--inline govuk-radios--small"');
    expect(tagWithId(markup, "ehcp-charge")).toContain('name="ehcp.charge"');
    // A blank value still gets an id of its own.
    expect(tagWithId(markup, "ehcp-charge-blank")).toContain('value=""');
  });

  it("shows a conditional question under its choice, shown until scripts run, and never inline", () => {
    const markup = html(
      <Radios
        name="charge"
        legend="Charge?"
        inline
        items={[
          { value: "yes", label: "Yes", conditional: <p>Amount</p> },
          { value: "no", label: "No" },
        ]}
      />,
    );
    expect(markup).toContain('<div class="govuk-radios" data-module="govuk-radios">');
    const yes = tagWithId(markup, "charge");
    expect(attribute(yes, "aria-controls")).toBe("conditional-charge");
    expect(yes).not.toContain("aria-expanded");
    expect(markup).toContain('<div class="govuk-radios__conditional" id="conditional-charge"><p>Amount</p></div>');
  });

  it("keeps explicit ids and disabled choices", () => {
    const markup = html(
      <Radios
        name="terms"
        legend="Unit costs in"
        defaultValue="cash"
        items={[
          { id: "terms-cash", value: "cash", label: "Cash terms" },
          { id: "terms-real", value: "real", label: "Real terms", disabled: true },
        ]}
      />,
    );
    expect(tagWithId(markup, "terms-cash")).toContain('checked=""');
    expect(tagWithId(markup, "terms-real")).toContain('disabled=""');
    expect(markup).not.toContain('id="terms"');
  });
});

describe("Checkboxes", () => {
  it("checks every default value, all under one name", () => {
    const markup = html(
      <Checkboxes
        name="fields"
        legend="Query these answers"
        defaultValues={["a", "c"]}
        items={[
          { value: "a", label: "A" },
          { value: "b", label: "B" },
          { value: "c", label: "C" },
        ]}
      />,
    );
    expect(markup).toContain('<div class="govuk-checkboxes" data-module="govuk-checkboxes">');
    expect(tagWithId(markup, "fields")).toContain('checked=""');
    expect(tagWithId(markup, "fields-b")).not.toContain("checked");
    expect(tagWithId(markup, "fields-c")).toContain('checked=""');
    expect(tagWithId(markup, "fields-c")).toContain('type="checkbox"');
    expect(markup).toContain('<label class="govuk-label govuk-checkboxes__label" for="fields-b">B</label>');
  });

  it("a lone checkbox without a legend has no fieldset, and its input is described by the error", () => {
    const markup = html(
      <Checkboxes name="declaration" errors={["Confirm the declaration"]} items={[{ value: "confirmed", label: "I confirm" }]} />,
    );
    expect(markup).not.toContain("<fieldset");
    expect(markup).toMatch(/^<div class="govuk-form-group govuk-form-group--error"><p id="declaration-error" class="govuk-error-message">/);
    expect(markup).toContain('<span class="govuk-visually-hidden">Error:</span> Confirm the declaration');
    const input = tagWithId(markup, "declaration");
    expect(attribute(input, "value")).toBe("confirmed");
    expect(attribute(input, "aria-describedby")).toBe("declaration-error");
  });

  it("gives a choice's own hint an id its input is described by", () => {
    const markup = html(
      <Checkboxes name="x" legend="X" items={[{ value: "1", label: "One", hint: "The first" }]} formGroupClassName="app-tight" />,
    );
    expect(markup).toMatch(/^<div class="govuk-form-group app-tight">/);
    expect(attribute(tagWithId(markup, "x"), "aria-describedby")).toBe("x-item-hint");
    expect(markup).toContain('<div id="x-item-hint" class="govuk-hint govuk-checkboxes__hint">The first</div>');
  });
});

describe("Select", () => {
  it("selects the default value, draws option groups, and in error is described by hint and error", () => {
    const markup = html(
      <Select
        id="metric"
        name="metric"
        label="Metric"
        hint="One at a time"
        errors={["Choose a metric"]}
        defaultValue="b"
        options={[
          { value: "", label: "None" },
          {
            label: "Group",
            options: [
              { value: "a", label: "A" },
              { value: "b", label: "B" },
            ],
          },
        ]}
      />,
    );
    expect(markup).toMatch(
      /^<div class="govuk-form-group govuk-form-group--error"><label class="govuk-label" for="metric">Metric<\/label>/,
    );
    const select = tagWithId(markup, "metric");
    expect(attribute(select, "class")).toBe("govuk-select govuk-select--error");
    expect(attribute(select, "aria-describedby")).toBe("metric-hint metric-error");
    expect(attribute(select, "aria-invalid")).toBe("true");
    expect(markup).toContain('<optgroup label="Group"><option value="a">A</option><option value="b" selected="">B</option></optgroup>');
    expect(markup).toContain('<option value="">None</option>');
  });

  it("without a hint or error has no aria-describedby", () => {
    const markup = html(<Select id="cohort" name="cohort" label="Transport for" options={[{ value: "send", label: "All" }]} />);
    expect(tagWithId(markup, "cohort")).toBe('<select id="cohort" name="cohort" class="govuk-select">');
  });
});

describe("TextInput and Textarea", () => {
  it("wire hint and error to the control", () => {
    const input = html(<TextInput id="email" name="email" label="Email address" hint="Work address" errors={["Enter an email address"]} />);
    expect(attribute(tagWithId(input, "email"), "aria-describedby")).toBe("email-hint email-error");
    expect(attribute(tagWithId(input, "email"), "class")).toBe("govuk-input govuk-input--error");
    const textarea = html(<Textarea id="reason" name="reason" label="Why?" hint="Say why" rows={3} />);
    const box = tagWithId(textarea, "reason");
    expect(attribute(box, "aria-describedby")).toBe("reason-hint");
    expect(attribute(box, "rows")).toBe("3");
    expect(attribute(box, "class")).toBe("govuk-textarea");
    expect(textarea).not.toContain("govuk-form-group--error");
  });

  it("draws a prefix or suffix around the box, and a note between hint and error that the box is described by", () => {
    const money = html(
      <TextInput
        id="transport-spend"
        name="transport.spend"
        label="Spend"
        hint="In pounds"
        describedBy="transport-spend-queried"
        aside={<p id="transport-spend-queried">Asked about</p>}
        errors={["Enter a sum"]}
        prefix="£"
      />,
    );
    expect(money).toContain('<div class="govuk-input__wrapper"><div class="govuk-input__prefix" aria-hidden="true">£</div><input');
    expect(attribute(tagWithId(money, "transport-spend"), "aria-describedby")).toBe(
      "transport-spend-hint transport-spend-queried transport-spend-error",
    );
    expect(money.indexOf("transport-spend-queried")).toBeLessThan(money.indexOf('id="transport-spend-error"'));
    const count = html(<TextInput id="children" name="children" label="Children" suffix="children" />);
    expect(count).toMatch(/<input[^>]*><div class="govuk-input__suffix" aria-hidden="true">children<\/div><\/div>/);
  });
});
