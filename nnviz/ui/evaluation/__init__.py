"""What did the network get wrong: the confusion matrix, the mistakes and one sample."""
