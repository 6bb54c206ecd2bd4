"""Treatment plan proposal (plain Python, no Django): clinic-editable rules (`rules`) and
`propose(inputs, rules)`, which explains every part it proposes (`proposal`)."""
