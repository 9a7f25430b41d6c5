using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace TemporalFlow.Emulator.WebUi;

/// <summary>Sets a request's fields from path variables and query parameters, as grpc-gateway does: by dotted field path.</summary>
internal static class ProtoFields
{
    /// <summary>
    /// Sets the field at <paramref name="path"/> (each part a proto name or its JSON name: <c>execution.run_id</c> or
    /// <c>execution.runId</c>) to <paramref name="value"/>; repeated fields get it added. False when no such scalar field exists.
    /// </summary>
    public static bool TrySet(IMessage message, string path, string value)
    {
        var parts = path.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            var field = Find(message.Descriptor, parts[i]);
            if (field is null)
            {
                return false;
            }
            if (i < parts.Length - 1)
            {
                if (field.FieldType != FieldType.Message || field.IsRepeated)
                {
                    return false;
                }
                var child = (IMessage?)field.Accessor.GetValue(message);
                if (child is null)
                {
                    child = field.MessageType.Parser.ParseFrom(ByteString.Empty);
                    field.Accessor.SetValue(message, child);
                }
                message = child;
                continue;
            }
            var converted = Convert(field, value);
            if (converted is null)
            {
                return false;
            }
            if (field.IsRepeated)
            {
                ((System.Collections.IList)field.Accessor.GetValue(message)).Add(converted);
            }
            else
            {
                field.Accessor.SetValue(message, converted);
            }
            return true;
        }
        return false;
    }

    private static FieldDescriptor? Find(MessageDescriptor descriptor, string name) =>
        descriptor.FindFieldByName(name) ?? descriptor.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == name);

    private static object? Convert(FieldDescriptor field, string value) => field.FieldType switch
    {
        FieldType.String => value,
        FieldType.Bool => bool.TryParse(value, out var b) ? b : null,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null,
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null,
        FieldType.UInt32 or FieldType.Fixed32 => uint.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var u) ? u : null,
        FieldType.UInt64 or FieldType.Fixed64 => ulong.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ul) ? ul : null,
        FieldType.Double => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
        FieldType.Float => float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? f : null,
        FieldType.Bytes => Bytes(value),
        FieldType.Enum => Enum(field.EnumType, value),
        _ => null,
    };

    /// <summary>Base64, standard or URL-safe, padded or not (grpc-gateway accepts each).</summary>
    private static ByteString? Bytes(string value)
    {
        var standard = value.Replace('-', '+').Replace('_', '/');
        standard = standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
        try
        {
            return ByteString.FromBase64(standard);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static object? Enum(EnumDescriptor type, string value)
    {
        var number = type.FindValueByName(value)?.Number
            ?? (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && type.FindValueByNumber(n) is not null ? n : null);
        // The accessors take the generated enum type, not its number.
        return number is { } known ? System.Enum.ToObject(type.ClrType, known) : null;
    }
}
