using Google.Protobuf;
using TemporalFlow.Emulator.Rpc;

namespace TemporalFlow.Emulator.Engine;

internal enum TaskKind : byte
{
    Workflow = 1,
    Activity = 2,
    Query = 3,
}

/// <summary>The opaque token a worker hands back with a task's result: which run, which task, which attempt.</summary>
internal sealed record TaskToken(TaskKind Kind, string Namespace, string WorkflowId, string RunId, long EventId, int Attempt, string QueryId = "")
{
    public ByteString Encode()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write((byte)Kind);
            writer.Write(Namespace);
            writer.Write(WorkflowId);
            writer.Write(RunId);
            writer.Write(EventId);
            writer.Write(Attempt);
            writer.Write(QueryId);
        }
        return ByteString.CopyFrom(buffer.ToArray());
    }

    public static TaskToken Decode(ByteString token, TaskKind expected)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(token.ToByteArray()));
            var kind = (TaskKind)reader.ReadByte();
            var decoded = new TaskToken(kind, reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadInt64(), reader.ReadInt32(), reader.ReadString());
            return kind == expected ? decoded : throw RpcErrors.InvalidArgument($"The task token is for a {kind} task, not a {expected} task.");
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or FormatException)
        {
            throw RpcErrors.InvalidArgument("Error deserializing task token: the token was not issued by this server.");
        }
    }
}
