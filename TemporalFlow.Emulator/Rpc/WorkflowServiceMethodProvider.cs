using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using OperatorServiceReflection = Temporalio.Api.OperatorService.V1.ServiceReflection;
using ProtoServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using TestServiceReflection = Temporalio.Api.TestService.V1.ServiceReflection;
using WorkflowServiceReflection = Temporalio.Api.WorkflowService.V1.ServiceReflection;

namespace TemporalFlow.Emulator.Rpc;

/// <summary>
/// Registers every RPC of <c>temporal.api.workflowservice.v1.WorkflowService</c> (and of <c>temporal.api.operatorservice.v1.OperatorService</c>
/// and the time-skipping <c>temporal.api.testservice.v1.TestService</c>) from the descriptors the Temporalio package ships,
/// so the wire contract is exactly the SDK's and no .proto file is copied.
/// </summary>
internal sealed class WorkflowServiceMethodProvider : IServiceMethodProvider<WorkflowServiceEndpoint>
{
    public static IReadOnlyList<ProtoServiceDescriptor> Services { get; } =
        [WorkflowServiceReflection.Descriptor.Services.Single(), OperatorServiceReflection.Descriptor.Services.Single(), TestServiceReflection.Descriptor.Services.Single()];

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<WorkflowServiceEndpoint> context)
    {
        foreach (var service in Services)
        {
            foreach (var rpc in service.Methods.Where(m => !m.IsClientStreaming && !m.IsServerStreaming))
            {
                var method = new Method<IMessage, IMessage>(MethodType.Unary, service.FullName, rpc.Name,
                    MarshallerFor(rpc.InputType), MarshallerFor(rpc.OutputType));
                var name = rpc.Name;
                context.AddUnaryMethod(method, [], (endpoint, request, call) => endpoint.HandleAsync(name, request, call));
            }
        }
    }

    // One buffer per message: writing through the response pipe in small pieces contends on its lock.
    private static Marshaller<IMessage> MarshallerFor(MessageDescriptor descriptor) => new(
        (message, context) => context.Complete(message.ToByteArray()),
        context => descriptor.Parser.ParseFrom(context.PayloadAsReadOnlySequence()));
}
