using TemporalFlow.Emulator.Visibility;
using Temporalio.Api.WorkflowService.V1;

namespace TemporalFlow.Emulator.Engine;

internal sealed partial class EmulatorEngine
{
    public ListWorkflowExecutionsResponse ListWorkflowExecutions(ListWorkflowExecutionsRequest request)
    {
        Namespaces.EnsureExists(request.Namespace);
        var query = VisibilityQuery.Parse(request.Query, name => SearchAttributes.TypeOf(request.Namespace, name));
        var offset = 0;
        if (!request.NextPageToken.IsEmpty && !int.TryParse(request.NextPageToken.ToStringUtf8(), System.Globalization.CultureInfo.InvariantCulture, out offset))
        {
            throw Rpc.RpcErrors.InvalidArgument("Invalid NextPageToken: it was not issued by this server.");
        }
        var pageSize = request.PageSize > 0 ? request.PageSize : 1000;
        lock (sync)
        {
            ForgetExpired();
            var page = query.Apply(runsByRunId.Values.Where(r => r.Namespace == request.Namespace)).Skip(offset).Take(pageSize + 1).ToList();
            var response = new ListWorkflowExecutionsResponse { Executions = { page.Take(pageSize).Select(Info) } };
            if (page.Count > pageSize)
            {
                response.NextPageToken = Google.Protobuf.ByteString.CopyFromUtf8((offset + pageSize).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            return response;
        }
    }

    public CountWorkflowExecutionsResponse CountWorkflowExecutions(CountWorkflowExecutionsRequest request)
    {
        Namespaces.EnsureExists(request.Namespace);
        var query = VisibilityQuery.Parse(request.Query, name => SearchAttributes.TypeOf(request.Namespace, name));
        lock (sync)
        {
            ForgetExpired();
            return new CountWorkflowExecutionsResponse { Count = query.Apply(runsByRunId.Values.Where(r => r.Namespace == request.Namespace)).LongCount() };
        }
    }
}
