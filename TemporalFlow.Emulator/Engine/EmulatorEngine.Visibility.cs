using TemporalFlow.Emulator.Visibility;
using Temporalio.Api.WorkflowService.V1;

namespace TemporalFlow.Emulator.Engine;

internal sealed partial class EmulatorEngine
{
    public ListWorkflowExecutionsResponse ListWorkflowExecutions(ListWorkflowExecutionsRequest request)
    {
        Namespaces.EnsureExists(request.Namespace);
        var query = VisibilityQuery.Parse(request.Query, name => SearchAttributes.TypeOf(request.Namespace, name));
        if (query.GroupBy is not null)
        {
            throw VisibilityQuery.Invalid("operation is not supported: 'GROUP BY' clause is only supported in a count");
        }
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
            var matching = query.Apply(runsByRunId.Values.Where(r => r.Namespace == request.Namespace)).ToList();
            var response = new CountWorkflowExecutionsResponse { Count = matching.Count };
            if (query.GroupBy is not null)
            {
                // As the server's visibility store answers it: one group per status, its value a Keyword payload ("Running").
                response.Groups.AddRange(matching.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => new CountWorkflowExecutionsResponse.Types.AggregationGroup
                {
                    GroupValues = { KeywordPayload(g.Key.ToString()) },
                    Count = g.LongCount(),
                }));
            }
            return response;
        }
    }

    private static Temporalio.Api.Common.V1.Payload KeywordPayload(string value) => new()
    {
        Metadata = { ["encoding"] = Google.Protobuf.ByteString.CopyFromUtf8("json/plain"), ["type"] = Google.Protobuf.ByteString.CopyFromUtf8("Keyword") },
        Data = Google.Protobuf.ByteString.CopyFromUtf8(System.Text.Json.JsonSerializer.Serialize(value)),
    };
}
