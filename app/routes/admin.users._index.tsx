import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StatusTag } from "~/components/ui/tag";
import { ROLE_LABELS } from "~/domain/users";
import { listUsers } from "~/models/user.server";
import { requireCoordinator } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { Table } from "~/components/ui/table";

export const meta: MetaFunction = () => [{ title: "Users – Benchmark Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  return { users: await listUsers(getDb()) };
}

export default function Users() {
  const { users } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Users</h1>
      <Link to="/admin/users/new" className="govuk-button" data-module="govuk-button">
        Add a user
      </Link>
      <Table
        caption={`${users.length} users`}
        scrollLabel="Users"
        rows={users}
        rowKey={(user) => user.id}
        columns={[
          {
            header: "Name",
            cell: (user) => (
              <Link to={`/admin/users/${user.id}`} className="govuk-link">
                {user.name}
              </Link>
            ),
          },
          { header: "Email", cell: (user) => user.email },
          { header: "Role", cell: (user) => ROLE_LABELS[user.role] },
          { header: "Authority or group", cell: (user) => user.authorityName ?? user.groupName ?? "Whole network" },
          { header: "Status", cell: (user) => <StatusTag status={user.active ? "active" : "inactive"} /> },
        ]}
      />
    </>
  );
}
