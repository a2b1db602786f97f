import { notFound } from "~/utils/auth.server";

// Any address no other route claims: the root error boundary renders a 404 page.
export async function loader() {
  throw notFound();
}

export default function NotFound() {
  return null;
}
