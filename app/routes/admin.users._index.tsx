import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StatusTag } from "~/components/ui/tag";
import { ROLE_LABELS } from "~/domain/users";
import { listUsers } from "~/models/user.server";
import { requireCoordinator } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { TableScroll } from "~/components/table-scroll";

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
      <TableScroll label="Users">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">{users.length} users</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Name
              </th>
              <th scope="col" className="govuk-table__header">
                Email
              </th>
              <th scope="col" className="govuk-table__header">
                Role
              </th>
              <th scope="col" className="govuk-table__header">
                Authority or group
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {users.map((user) => (
              <tr key={user.id} className="govuk-table__row">
                <td className="govuk-table__cell">
                  <Link to={`/admin/users/${user.id}`} className="govuk-link">
                    {user.name}
                  </Link>
                </td>
                <td className="govuk-table__cell">{user.email}</td>
                <td className="govuk-table__cell">{ROLE_LABELS[user.role]}</td>
                <td className="govuk-table__cell">{user.authorityName ?? user.groupName ?? "Whole network"}</td>
                <td className="govuk-table__cell">
                  <StatusTag status={user.active ? "active" : "inactive"} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
