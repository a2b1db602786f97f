import { type LinksFunction, type LoaderFunctionArgs, data } from "@remix-run/node";
import {
  Form,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import type { Role } from "../db/schema";
import { getOptionalUser } from "./utils/auth.server";
import { useNonce } from "./utils/nonce";
import { getSession, sessionStorage } from "./utils/session.server";

export const SERVICE_NAME = "Benchmark Network";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/govuk/govuk-frontend.min.css" },
  { rel: "stylesheet", href: "/app.css" },
  { rel: "icon", href: "/assets/images/favicon.ico", sizes: "48x48" },
  { rel: "icon", href: "/assets/images/favicon.svg", type: "image/svg+xml", sizes: "any" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const session = await getSession(request);
  const notice = session.get("notice") ?? null;
  const headers = notice ? { "Set-Cookie": await sessionStorage().commitSession(session) } : undefined;
  // The role only: a results page is stored and sent to everyone with the same view
  // (app/utils/stored-pages.server.ts), so the layout names no one.
  return data({ user: user && { role: user.role }, notice }, { headers });
}

const NAVIGATION: Record<Role, ReadonlyArray<{ to: string; label: string }>> = {
  member: [
    { to: "/", label: "Home" },
    { to: "/results", label: "Results" },
    { to: "/demand", label: "EHCP demand" },
    { to: "/data-dictionary", label: "Data dictionary" },
  ],
  regional_viewer: [
    { to: "/", label: "Home" },
    { to: "/results", label: "Results" },
    { to: "/demand", label: "EHCP demand" },
  ],
  coordinator: [
    { to: "/", label: "Home" },
    { to: "/admin/rounds", label: "Rounds" },
    { to: "/results", label: "Results" },
    { to: "/demand", label: "EHCP demand" },
    { to: "/admin/users", label: "Users" },
    { to: "/admin/deflators", label: "Deflators" },
    { to: "/admin/reference/sen2", label: "SEN2" },
    { to: "/admin/outbox", label: "Outbox" },
    { to: "/data-dictionary", label: "Data dictionary" },
  ],
};

function ServiceNavigation({ user }: { user: { role: Role } | null }) {
  const items = user ? NAVIGATION[user.role] : [];
  return (
    <section aria-label="Service information" className="govuk-service-navigation">
      <div className="govuk-width-container">
        <div className="govuk-service-navigation__container">
          <span className="govuk-service-navigation__service-name">
            <a href="/" className="govuk-service-navigation__link">
              {SERVICE_NAME}
            </a>
          </span>
          {user ? (
            <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
              <ul className="govuk-service-navigation__list" id="navigation">
                {items.map((item) => (
                  <li key={item.to} className="govuk-service-navigation__item">
                    <NavLink to={item.to} end={item.to === "/"} className="govuk-service-navigation__link">
                      {item.label}
                    </NavLink>
                  </li>
                ))}
                <li className="govuk-service-navigation__item">
                  <NavLink to="/account" className="govuk-service-navigation__link">
                    Your account
                  </NavLink>
                </li>
                <li className="govuk-service-navigation__item">
                  <Form method="post" action="/logout" className="app-sign-out">
                    <button type="submit" className="govuk-service-navigation__link app-link-button">
                      Sign out
                    </button>
                  </Form>
                </li>
              </ul>
            </nav>
          ) : null}
        </div>
      </div>
    </section>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const rootData = useRouteLoaderData<typeof loader>("root");
  const user = rootData?.user ?? null;
  const notice = rootData?.notice ?? null;
  return (
    <html lang="en" className="govuk-template govuk-template--rebranded">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#1d70b8" />
        <Meta />
        <Links />
      </head>
      <body className="govuk-template__body">
        <a href="#main-content" className="govuk-skip-link">
          Skip to main content
        </a>
        <header className="govuk-template__header">
          <ServiceNavigation user={user} />
        </header>
        <div className="govuk-width-container">
          <div className="govuk-phase-banner">
            <p className="govuk-phase-banner__content">
              <strong className="govuk-tag govuk-phase-banner__content__tag">Beta</strong>
              <span className="govuk-phase-banner__text">This is a new service. Figures in demo rounds are synthetic.</span>
            </p>
          </div>
          <main className="govuk-main-wrapper" id="main-content">
            {notice ? (
              <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="notice-title">
                <div className="govuk-notification-banner__header">
                  <h2 className="govuk-notification-banner__title" id="notice-title">
                    Success
                  </h2>
                </div>
                <div className="govuk-notification-banner__content">
                  <p className="govuk-notification-banner__heading">{notice}</p>
                </div>
              </div>
            ) : null}
            {children}
          </main>
        </div>
        <footer className="govuk-footer govuk-template__footer">
          <div className="govuk-width-container">
            <div className="govuk-footer__meta">
              <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
                <h2 className="govuk-visually-hidden">Support links</h2>
                <ul className="govuk-footer__inline-list">
                  <li className="govuk-footer__inline-list-item">
                    <a className="govuk-footer__link" href="/accessibility">
                      Accessibility statement
                    </a>
                  </li>
                  <li className="govuk-footer__inline-list-item">
                    <a className="govuk-footer__link" href="/data-dictionary">
                      Data dictionary
                    </a>
                  </li>
                  <li className="govuk-footer__inline-list-item">
                    <a className="govuk-footer__link" href="/glossary">
                      Metric glossary
                    </a>
                  </li>
                </ul>
                <p className="govuk-body-s">
                  {SERVICE_NAME}: benchmarking SEND home-to-school transport and EHCPs across English local authorities. Reference data from
                  the Department for Education (LAIT 2025) under the Open Government Licence v3.0.
                </p>
              </div>
            </div>
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** Error pages say what happened and what to do, never why (no stack, no message, no data). */
export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, body] =
    status === 404
      ? ["Page not found", "If you typed the web address, check it is correct. If you pasted it, check you copied the entire address."]
      : status === 403
        ? [
            "You do not have permission to see this page",
            "Your account does not give access to this page. Contact your network coordinator if you think it should.",
          ]
        : status === 429
          ? ["Too many requests", "Wait a few minutes, then try again."]
          : ["Sorry, there is a problem with the service", "Try again later. Any answers you saved are still there."];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <title>{`${title} – ${SERVICE_NAME}`}</title>
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{body}</p>
        <p className="govuk-body">
          <a href="/" className="govuk-link">
            Go to the home page
          </a>
        </p>
      </div>
    </div>
  );
}
