using System.Text.Json;
using System.Text.Json.Nodes;
using Kailash.Runtime.Engine.Persistence;

namespace Kailash.Runtime.Engine.Durable;

/// <summary>
/// A durable run's parameters as stored on its run row: the caller's dictionary in the run state's value form, without the
/// values of secret inputs (workflow-level names the workflow declares secret, and node-specific secret parameters). A
/// resume passes those again (<see cref="ResumeSettings.Parameters"/>); secrets read from the secret provider are fetched again.
/// </summary>
internal static class DurableParameters
{
    public static string? Write(ExecutionPlan plan, IReadOnlyDictionary<string, object?>? parameters)
    {
        if (parameters is null || parameters.Count == 0)
        {
            return null;
        }

        var stored = new JsonObject();
        foreach (var pair in parameters)
        {
            if (plan.ParameterIndex.SecretInputs.Contains(pair.Key))
            {
                continue;
            }

            var value = pair.Value;
            if (plan.IndexById.TryGetValue(pair.Key, out var index) && value is IReadOnlyDictionary<string, object?> own && plan.Nodes[index].Binding.Secrets.Length > 0)
            {
                var kept = new Dictionary<string, object?>(own, StringComparer.Ordinal);
                foreach (var secret in plan.Nodes[index].Binding.Secrets)
                {
                    kept.Remove(secret.ParameterName);
                }

                value = kept;
            }

            try
            {
                stored[pair.Key] = RunStateValues.Write(value, "parameters", pair.Key);
            }
            catch (KailashException ex)
            {
                throw new KailashException(ErrorCodes.RunParametersNotStorable, $"Parameter '{pair.Key}' of a durable run cannot be stored: {ex.Message} Please pass plain data (strings, numbers, lists, maps) as parameters of runs with a run store.", null, pair.Key, ex);
            }
        }

        return stored.ToJsonString();
    }

    public static Dictionary<string, object?> Read(string? stored, IReadOnlyDictionary<string, object?>? overrides, string runId)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (stored is not null)
        {
            try
            {
                if (RunStateValues.Read(JsonNode.Parse(stored)) is Dictionary<string, object?> read)
                {
                    parameters = read;
                }
            }
            catch (JsonException ex)
            {
                throw new Durability.RunStoreException(ErrorCodes.RunStateUnreadable, $"The stored parameters of run '{runId}' cannot be read: {ex.Message}", ex);
            }
        }

        foreach (var pair in overrides ?? new Dictionary<string, object?>())
        {
            parameters[pair.Key] = pair.Value;
        }

        return parameters;
    }
}
