import { redirect } from '@sveltejs/kit';
import { routeForEventHistory } from '@temporalio/ui/utilities/route-for';

/** The history views are one page with a view switch, as in Temporal's UI. */
export const load = async ({ params }) => {
  redirect(302, routeForEventHistory(params));
};
