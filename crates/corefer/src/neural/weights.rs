//! Reading tensors out of `model.safetensors`: shape-checked, widened to `f32`, with errors naming the tensor.
//!
//! Design decision: every tensor is requested with the shape the config implies and checked before use, so
//! a model of the wrong size or an unrelated file fails at load time with the file and tensor named,
//! instead of producing garbage or panicking mid-inference. candle parses the safetensors container and
//! widens f16/bf16 to f32; after loading the model owns plain `Vec<f32>`s.

use candle_core::{DType, Device};

use super::error::NeuralError;

/// An opened safetensors buffer and the name it is reported under, optionally completed by a base file
/// (MODEL_FORMAT.md §12: a model shipped as the tensors training changed over a pretrained encoder).
pub struct TensorFile<'a> {
    file: String,
    tensors: candle_core::safetensors::SliceSafetensors<'a>,
    base: Option<Box<TensorFile<'a>>>,
}

impl<'a> TensorFile<'a> {
    /// Parses the safetensors header of `bytes` (read from `file`).
    pub fn parse(file: &str, bytes: &'a [u8]) -> Result<Self, NeuralError> {
        let tensors = candle_core::safetensors::SliceSafetensors::new(bytes)
            .map_err(|e| NeuralError::Safetensors { file: file.to_string(), message: e.to_string() })?;
        Ok(TensorFile { file: file.to_string(), tensors, base: None })
    }

    /// This file, with the tensors it lacks read from `base`.
    pub fn completed_by(self, base: TensorFile<'a>) -> Self {
        TensorFile { base: Some(Box::new(base)), ..self }
    }

    /// The values of tensor `name`, which must have exactly `shape`, as row-major `f32`; from the base file
    /// when this one does not hold it.
    pub fn get(&self, name: &str, shape: &[usize]) -> Result<Vec<f32>, NeuralError> {
        match &self.base {
            Some(base) if self.tensors.get(name).is_err() => base.get(name, shape),
            _ => self.get_own(name, shape),
        }
    }

    fn get_own(&self, name: &str, shape: &[usize]) -> Result<Vec<f32>, NeuralError> {
        let data_error = |message: String| NeuralError::TensorData {
            file: self.file.clone(),
            tensor: name.to_string(),
            message,
        };
        let view = self
            .tensors
            .get(name)
            .map_err(|_| NeuralError::MissingTensor { file: self.file.clone(), tensor: name.to_string() })?;
        if view.shape() != shape {
            return Err(NeuralError::TensorShape {
                file: self.file.clone(),
                tensor: name.to_string(),
                expected: shape.to_vec(),
                found: view.shape().to_vec(),
            });
        }
        let tensor = self.tensors.load(name, &Device::Cpu).map_err(|e| data_error(e.to_string()))?;
        if !matches!(tensor.dtype(), DType::F16 | DType::BF16 | DType::F32) {
            return Err(data_error(format!("dtype {:?}, expected F16, BF16 or F32", tensor.dtype())));
        }
        let values = tensor
            .to_dtype(DType::F32)
            .and_then(|t| t.flatten_all())
            .and_then(|t| t.to_vec1::<f32>())
            .map_err(|e| data_error(e.to_string()))?;
        if let Some(i) = values.iter().position(|v| !v.is_finite()) {
            return Err(data_error(format!("value {i} is not finite ({})", values[i])));
        }
        Ok(values)
    }

    /// A vector tensor of `len` values.
    pub fn vector(&self, name: &str, len: usize) -> Result<Vec<f32>, NeuralError> {
        self.get(name, &[len])
    }
}
