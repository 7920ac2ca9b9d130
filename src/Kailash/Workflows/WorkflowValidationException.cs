using System.Globalization;

namespace Kailash.Workflows;

/// <summary>
/// Thrown when a workflow (or a workflow file) is invalid. <see cref="Errors"/> lists every problem found, not just the first.
/// </summary>
public sealed class WorkflowValidationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="WorkflowValidationException"/> class.</summary>
    /// <param name="errors">All problems found; at least one.</param>
    public WorkflowValidationException(IReadOnlyList<WorkflowError> errors)
        : base(Format(errors))
    {
        Errors = errors;
    }

    /// <summary>Initializes a new instance of the <see cref="WorkflowValidationException"/> class.</summary>
    public WorkflowValidationException()
        : this([])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WorkflowValidationException"/> class.</summary>
    /// <param name="message">The message.</param>
    public WorkflowValidationException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Initializes a new instance of the <see cref="WorkflowValidationException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public WorkflowValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>The most problems the exception message lists; <see cref="Errors"/> keeps them all.</summary>
    private const int MaxListed = 50;

    /// <summary>Gets every problem found.</summary>
    public IReadOnlyList<WorkflowError> Errors { get; }

    /// <summary>Gets the code of the first problem (convenient when there is only one).</summary>
    public string Code => Errors.Count > 0 ? Errors[0].Code : ErrorCodes.InvalidField;

    private static string Format(IReadOnlyList<WorkflowError> errors)
    {
        if (errors.Count == 0)
        {
            return "The workflow is invalid.";
        }

        if (errors.Count == 1)
        {
            return errors[0].ToString();
        }

        // A message lists at most MaxListed problems, so a workflow with 200,000 broken connections cannot build a giant string.
        var listed = string.Join(Environment.NewLine, errors.Take(MaxListed).Select(e => "  - " + e));
        var more = errors.Count > MaxListed ? string.Create(CultureInfo.InvariantCulture, $"{Environment.NewLine}  … and {errors.Count - MaxListed:N0} more") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"The workflow has {errors.Count:N0} problems:{Environment.NewLine}{listed}{more}");
    }
}
