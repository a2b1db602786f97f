import { type MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Accessibility statement – Benchmark Network" }];

/** The accessibility statement public sector services must publish (PSBAR 2018). */
export default function AccessibilityStatement() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Accessibility statement for Benchmark Network</h1>
        <p className="govuk-body">
          This statement applies to the Benchmark Network service, which English local authorities use to submit and compare figures on SEND
          home-to-school transport and education, health and care plans.
        </p>
        <h2 className="govuk-heading-m">Using this service</h2>
        <p className="govuk-body">We want as many people as possible to be able to use this service. You should be able to:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>change colours, contrast levels and fonts using your browser or device settings</li>
          <li>zoom in up to 400% without the text spilling off the screen</li>
          <li>navigate the whole service using just a keyboard</li>
          <li>use the whole service with JavaScript turned off</li>
          <li>listen to the service using a screen reader</li>
          <li>read every chart as a table of data, and download that data as a CSV file</li>
        </ul>
        <h2 className="govuk-heading-m">How accessible this service is</h2>
        <p className="govuk-body">
          We test every page of the main journeys with automated checks against the Web Content Accessibility Guidelines (WCAG) 2.2 at level
          AA on each change, and the return form and metric explorer by keyboard. Charts are drawn as images with a title and a description
          in words, and colour is never the only way a value is marked.
        </p>
        <h2 className="govuk-heading-m">Feedback and contact information</h2>
        <p className="govuk-body">
          If you find a problem with the accessibility of this service, or need information in a different format, contact your network
          coordinator. They will pass it to us, and we will reply within 5 working days.
        </p>
        <h2 className="govuk-heading-m">Enforcement procedure</h2>
        <p className="govuk-body">
          The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile
          Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with how we respond to your complaint, contact the
          Equality Advisory and Support Service (EASS).
        </p>
        <h2 className="govuk-heading-m">Compliance status</h2>
        <p className="govuk-body">
          This service is partially compliant with WCAG version 2.2 AA standard while it is in beta: it has passed automated checks but has
          not yet had a full manual audit by an accessibility specialist.
        </p>
        <p className="govuk-body">This statement was prepared on 28 November 2026.</p>
      </div>
    </div>
  );
}
