namespace Kailash.Nodes.Typed;

/// <summary>One input port of a typed node, as the compiled reader needs it.</summary>
internal sealed class InputPort(NodeParameter parameter)
{
    public string Name { get; } = parameter.Name;

    public NodeParameter Parameter { get; } = parameter;

    /// <summary>Reads a constructor argument: the bound value, else the declared default, else the type's default.</summary>
    public static TValue Argument<TValue>(NodeInputs inputs, InputPort port)
        => TryRead(inputs, port, out TValue value) ? value : default!;

    /// <summary>Reads a settable property's value; <see langword="false"/> leaves the record's own initializer in place.</summary>
    public static bool TryRead<TValue>(NodeInputs inputs, InputPort port, out TValue value)
    {
        var parameter = port.Parameter;
        if (inputs.TryGetValue(port.Name, out var raw) && (raw is not null || !parameter.HasDefault))
        {
            value = raw is TValue typed ? typed : inputs.Convert<TValue>(port.Name, raw);
            return true;
        }

        if (parameter.HasDefault)
        {
            value = parameter.Default is TValue fallback ? fallback : default!;
            return true;
        }

        value = default!;
        return false;
    }
}
