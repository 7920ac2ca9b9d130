using System.Globalization;
using Kailash.Internal;
using Kailash.Nodes;

namespace Kailash.Runtime.Parameters;

/// <summary>
/// The checks of one declared input, prepared once per plan: conversion to the declared type and the allowed choices.
/// </summary>
internal sealed class ParameterCheck
{
    private readonly object?[]? _choices;

    public ParameterCheck(NodeParameter parameter)
    {
        Parameter = parameter;
        Target = Nullable.GetUnderlyingType(parameter.Type) ?? parameter.Type;
        Converts = parameter.Type != typeof(object);
        if (parameter.Choices is { Count: > 0 } choices)
        {
            _choices = new object?[choices.Count];
            for (var i = 0; i < choices.Count; i++)
            {
                _choices[i] = Converts && ValueConverter.TryConvert(choices[i], parameter.Type, out var converted, out _) ? converted : ValueConverter.Normalize(choices[i]);
            }
        }
    }

    public NodeParameter Parameter { get; }

    /// <summary>Gets the declared type without <see cref="Nullable{T}"/>.</summary>
    public Type Target { get; }

    /// <summary>Gets a value indicating whether values are converted (the declared type is not <see cref="object"/>).</summary>
    public bool Converts { get; }

    public bool HasChoices => _choices is not null;

    /// <summary>Tells whether a parameter needs a check at all.</summary>
    public static bool IsNeeded(NodeParameter parameter) => parameter.Type != typeof(object) || parameter.Choices is { Count: > 0 };

    /// <summary>Converts a value to the declared type. A null is accepted for inputs that are not required.</summary>
    public bool TryConvert(object? value, out object? result, out string? problem)
    {
        problem = null;
        if (!Converts || (value is not null && Target.IsInstanceOfType(value)))
        {
            result = value;
            return true;
        }

        if (value is null && !Parameter.Required)
        {
            result = null;
            return true;
        }

        return ValueConverter.TryConvert(value, Parameter.Type, out result, out problem);
    }

    /// <summary>Tells whether a (converted) value is one of the allowed choices. A null is accepted for inputs that are not required.</summary>
    public bool IsAllowed(object? value)
    {
        if (_choices is null || (value is null && !Parameter.Required))
        {
            return true;
        }

        value = ValueConverter.Normalize(value);
        foreach (var choice in _choices)
        {
            if (ChoiceEquals(choice, value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Describes the allowed choices for a message (bounded), with a suggestion for a near-miss string.</summary>
    public string DescribeChoices(object? value)
    {
        var names = new List<string>(_choices?.Length ?? 0);
        foreach (var choice in _choices ?? [])
        {
            names.Add(Convert.ToString(choice, CultureInfo.InvariantCulture) ?? "null");
        }

        var hint = value is string text && !Parameter.IsSecret ? Suggestions.DidYouMean(text, names) : string.Empty;
        return $"Allowed values: {Suggestions.List(names)}.{hint}";
    }

    private static bool ChoiceEquals(object? choice, object? value)
    {
        if (Equals(choice, value))
        {
            return true;
        }

        if (choice is null || value is null || !ValueConverter.IsNumeric(choice.GetType()) || !ValueConverter.IsNumeric(value.GetType()))
        {
            return false;
        }

        try
        {
            return Convert.ToDecimal(choice, CultureInfo.InvariantCulture) == Convert.ToDecimal(value, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            return Convert.ToDouble(choice, CultureInfo.InvariantCulture).Equals(Convert.ToDouble(value, CultureInfo.InvariantCulture));
        }
    }
}
